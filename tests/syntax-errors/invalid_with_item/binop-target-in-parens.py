with (open(a) as x + 1):
    pass
