def f(*, key=):
    pass
