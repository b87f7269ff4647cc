f = lambda **kw={}: kw
