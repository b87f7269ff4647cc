def f(*args, x=1, *):
    pass
