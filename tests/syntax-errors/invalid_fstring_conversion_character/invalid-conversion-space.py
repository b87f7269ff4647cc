msg = f"{value! r}"
