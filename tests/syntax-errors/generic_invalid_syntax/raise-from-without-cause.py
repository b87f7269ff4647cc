def f():
    raise ValueError("x") from
