def f(xs):
    return (*xs)
