def f(**kwargs={}):
    pass
