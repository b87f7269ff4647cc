msg = f"{a"
