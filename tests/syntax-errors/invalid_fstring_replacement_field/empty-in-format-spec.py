msg = f"{x:{}}"
