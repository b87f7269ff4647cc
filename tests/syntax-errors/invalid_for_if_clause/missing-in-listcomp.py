squares = [x * x for x range(10)]
