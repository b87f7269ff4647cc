def f():
    x = 1 if a else return
