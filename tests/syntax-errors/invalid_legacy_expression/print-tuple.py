print a, b, c
