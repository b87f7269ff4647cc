msg = f"{a} }"
