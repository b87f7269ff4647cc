msg = f"{   }"
