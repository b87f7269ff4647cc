x = 0o17z
