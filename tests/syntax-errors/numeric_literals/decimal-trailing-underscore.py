size = 100_
