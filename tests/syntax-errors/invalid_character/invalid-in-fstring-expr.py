msg = f"{a € b}"
