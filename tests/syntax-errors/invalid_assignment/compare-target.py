if ready:
    x < y = 5
