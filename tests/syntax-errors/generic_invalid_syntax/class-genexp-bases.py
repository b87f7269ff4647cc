class A(x for x in bases):
    pass
