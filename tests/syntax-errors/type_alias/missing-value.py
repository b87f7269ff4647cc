type Point[T] =
