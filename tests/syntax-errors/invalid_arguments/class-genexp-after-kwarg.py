class A(metaclass=M, x for x in y):
    pass
