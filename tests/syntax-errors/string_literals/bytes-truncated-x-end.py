b = b"\x"
