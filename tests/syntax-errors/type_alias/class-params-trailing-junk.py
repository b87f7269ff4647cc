class A[T, U V]:
    pass
