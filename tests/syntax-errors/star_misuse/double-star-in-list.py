xs = [**d]
