g = (x for x in)
