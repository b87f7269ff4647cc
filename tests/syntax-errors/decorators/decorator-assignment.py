@d = 1
def f():
    pass
