([x, y]): int
