try:
    pass
x = "abc
