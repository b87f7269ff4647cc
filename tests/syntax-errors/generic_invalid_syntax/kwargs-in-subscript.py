x = d[key=1]
