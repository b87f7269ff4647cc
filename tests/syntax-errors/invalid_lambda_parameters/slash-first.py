h = lambda /, a: a
