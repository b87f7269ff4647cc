with ctx() as True:
    pass
