x = 1 if y else2 + 0x
