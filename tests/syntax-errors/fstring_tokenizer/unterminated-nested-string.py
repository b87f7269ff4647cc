msg = f"{x["key]}"
