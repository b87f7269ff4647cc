async def main():
    await fetch() = 3
