q = n // not m
