f = lambda **kw, a: a
