x = (1 if 2)
y = 5€
