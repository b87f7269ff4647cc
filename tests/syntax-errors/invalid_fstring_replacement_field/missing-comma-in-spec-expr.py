msg = f"{x:{a b}}"
