async def main():
    async with session() as s():
        pass
