def f(**kw: dict = {}):
    pass
