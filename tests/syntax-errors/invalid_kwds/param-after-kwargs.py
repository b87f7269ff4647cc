def f(**kwargs, extra):
    pass
