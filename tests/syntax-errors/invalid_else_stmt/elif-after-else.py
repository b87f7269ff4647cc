if a:
    x = 1
else:
    x = 2
elif b:
    x = 3
