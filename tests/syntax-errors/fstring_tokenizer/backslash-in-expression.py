msg = f"{a\n}"
