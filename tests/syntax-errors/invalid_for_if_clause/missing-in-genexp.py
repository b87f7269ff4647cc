total = sum(v for v values)
