msg = f"{x:>{width}.{prec}"
