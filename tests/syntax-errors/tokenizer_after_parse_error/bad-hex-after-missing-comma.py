pair = (a b)
mask = 0xZZ
