@*decorators
def f():
    pass
