if x > 0:
