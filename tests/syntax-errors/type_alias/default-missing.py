type Box[T = ] = list[T]
