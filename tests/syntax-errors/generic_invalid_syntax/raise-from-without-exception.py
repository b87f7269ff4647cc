def f():
    raise from exc
