print(f"{a b}")
s = "x
