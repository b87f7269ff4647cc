def f(:
    x = "abc
