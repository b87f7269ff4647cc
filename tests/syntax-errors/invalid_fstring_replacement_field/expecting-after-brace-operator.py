msg = f"{*}"
