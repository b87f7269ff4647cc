msg = f"{a!=}"
