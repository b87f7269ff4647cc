msg = f"{a:}}"
