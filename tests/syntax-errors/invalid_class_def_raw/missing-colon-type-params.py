class Box[T](Generic)
    pass
