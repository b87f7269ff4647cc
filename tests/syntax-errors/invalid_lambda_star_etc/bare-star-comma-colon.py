f = lambda a, *,: a
