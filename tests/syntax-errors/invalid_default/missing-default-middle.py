def f(a=, b=2):
    pass
