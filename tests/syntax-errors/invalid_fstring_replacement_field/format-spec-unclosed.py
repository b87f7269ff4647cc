msg = f"{x:{width}"
