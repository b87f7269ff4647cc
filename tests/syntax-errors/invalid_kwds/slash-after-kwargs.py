def f(a, **kw, /):
    pass
