msg = f"{f"{x}}"
