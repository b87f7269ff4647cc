x + 1 |= mask
