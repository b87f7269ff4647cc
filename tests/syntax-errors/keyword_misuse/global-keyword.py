def f():
    global None
