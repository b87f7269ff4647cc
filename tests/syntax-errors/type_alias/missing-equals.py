type Alias[T] list[T]
