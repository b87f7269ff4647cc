[a, b]: list[int] = [1, 2]
