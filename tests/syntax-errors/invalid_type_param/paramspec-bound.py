def decorator[**P: int](fn):
    return fn
