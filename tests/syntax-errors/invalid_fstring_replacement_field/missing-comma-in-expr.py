msg = f"{a b}"
