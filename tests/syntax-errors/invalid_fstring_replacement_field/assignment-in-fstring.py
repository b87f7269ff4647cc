msg = f"{x = 1}"
