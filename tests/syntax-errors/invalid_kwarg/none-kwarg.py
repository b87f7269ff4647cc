print(None="x")
