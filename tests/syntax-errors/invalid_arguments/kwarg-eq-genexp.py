f(key=x for x in items)
