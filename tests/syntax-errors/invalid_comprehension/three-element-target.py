rows = [a, b, c for a, b, c in table]
