def first[T]:
    pass
