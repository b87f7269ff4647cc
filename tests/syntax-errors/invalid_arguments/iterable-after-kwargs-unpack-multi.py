call(a, b=1, **kw, *rest)
