msg = f"{a)}"
