(x for x in items) = other
