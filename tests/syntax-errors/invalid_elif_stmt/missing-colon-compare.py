if x < 0:
    sign = -1
elif x > 0
    sign = 1
