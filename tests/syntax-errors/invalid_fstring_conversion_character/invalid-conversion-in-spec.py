msg = f"{x:{y!z}}"
