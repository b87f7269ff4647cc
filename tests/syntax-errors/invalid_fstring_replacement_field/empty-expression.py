msg = f"value: {}"
