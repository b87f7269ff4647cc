def f()
    return 1
s = "abc
