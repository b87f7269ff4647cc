flags = 0b102
