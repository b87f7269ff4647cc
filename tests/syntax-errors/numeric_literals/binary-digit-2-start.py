flags = 0b2
