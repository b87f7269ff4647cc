msg = f"{x = !}"
