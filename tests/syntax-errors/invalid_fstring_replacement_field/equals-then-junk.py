msg = f"{x=y}"
