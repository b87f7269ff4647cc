msg = f"{=}"
