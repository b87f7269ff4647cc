(a, b): tuple[int, int] = (1, 2)
