count = 0
1 = count
