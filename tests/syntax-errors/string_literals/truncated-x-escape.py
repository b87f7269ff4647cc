ch = "\x4"
