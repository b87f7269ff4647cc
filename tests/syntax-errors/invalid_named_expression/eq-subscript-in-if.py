if data[0] = 1:
    pass
