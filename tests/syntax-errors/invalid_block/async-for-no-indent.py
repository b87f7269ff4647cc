async def main():
    async for item in stream:
    print(item)
