a and b = flag
