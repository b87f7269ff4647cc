def f():
    nonlocal *a
