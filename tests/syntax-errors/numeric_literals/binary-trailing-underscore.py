flags = 0b1_
