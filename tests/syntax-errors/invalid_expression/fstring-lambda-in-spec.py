msg = f"{x:{lambda: 1}}"
