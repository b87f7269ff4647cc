msg = f"{name"
