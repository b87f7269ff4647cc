f = lambda x: if x: 1
