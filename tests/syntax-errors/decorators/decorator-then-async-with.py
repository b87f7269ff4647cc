@decorator
async with x:
    pass
