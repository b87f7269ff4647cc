dict(None=1)
