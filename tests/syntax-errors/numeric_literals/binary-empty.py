flags = 0b
