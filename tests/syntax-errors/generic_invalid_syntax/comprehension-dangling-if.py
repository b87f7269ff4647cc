evens = [i for i in range(10) if i if]
