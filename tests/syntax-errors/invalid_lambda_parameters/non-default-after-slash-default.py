g = lambda a=1, /, b: a
