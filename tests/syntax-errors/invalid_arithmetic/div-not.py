ratio = total / not count
