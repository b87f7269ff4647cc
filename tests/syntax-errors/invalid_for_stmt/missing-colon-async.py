async def main():
    async for x in stream
        pass
