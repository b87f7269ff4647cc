f = lambda: *x
