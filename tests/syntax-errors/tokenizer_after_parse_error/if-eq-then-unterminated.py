if x = 1:
    pass
t = "abc
