msg = f"{x:{y:}"
