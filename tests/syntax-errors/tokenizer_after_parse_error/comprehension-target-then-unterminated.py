x = [a, b for a, b in c]
s = "x
