class A
    x = "abc
