values = [x for f(x) in data]
