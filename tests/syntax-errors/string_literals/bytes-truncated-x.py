b = b"\x4"
