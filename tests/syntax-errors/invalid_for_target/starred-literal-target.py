for *1, x in rows:
    pass
