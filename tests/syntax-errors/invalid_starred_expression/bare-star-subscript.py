x = data[*]
