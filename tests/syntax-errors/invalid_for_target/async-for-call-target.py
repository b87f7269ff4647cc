async def main():
    async for item() in stream:
        pass
