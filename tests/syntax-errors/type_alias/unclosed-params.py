type X[T = int
