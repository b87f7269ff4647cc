# mode: single
def f():
    return 1
f()
