msg = f"hello {user.name world"
