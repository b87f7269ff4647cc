x = 1 + \  # add
    2
