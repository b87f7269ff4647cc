# mode: eval
def f(): pass
