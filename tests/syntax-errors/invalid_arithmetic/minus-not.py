x = 10 - not flag
