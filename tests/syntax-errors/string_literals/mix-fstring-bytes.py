data = f"{x}" b"def"
