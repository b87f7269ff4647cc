async def ():
    pass
