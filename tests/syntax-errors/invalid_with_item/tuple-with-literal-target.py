with ctx() as (a, 1):
    pass
