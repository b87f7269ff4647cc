class Array[*Shape: int]:
    pass
