msg = f"hello {name}
