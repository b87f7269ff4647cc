def f():
    global self.x
