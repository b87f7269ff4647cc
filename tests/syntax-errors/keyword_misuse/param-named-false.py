def f(False):
    pass
