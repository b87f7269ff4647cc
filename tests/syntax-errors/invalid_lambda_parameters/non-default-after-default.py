key = lambda x=0, y: x + y
