@decorator
if x:
    pass
