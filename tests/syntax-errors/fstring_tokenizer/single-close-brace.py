msg = f"value}"
