f(a=1, b)
s = "abc
