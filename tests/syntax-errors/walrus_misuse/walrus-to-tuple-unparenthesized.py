while a, b := pair:
    pass
