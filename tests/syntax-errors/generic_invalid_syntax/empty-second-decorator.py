@dec
@
def f():
    pass
