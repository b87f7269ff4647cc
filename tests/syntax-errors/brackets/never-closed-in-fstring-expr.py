msg = f"{compute(1, 2}"
