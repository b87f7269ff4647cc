async def run[]():
    pass
