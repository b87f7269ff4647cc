msg = f"{x!r y}"
