total = sum((*x for x in y))
