if len(x) = 3:
    pass
