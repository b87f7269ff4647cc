odd = [n for n in nums if n % 2 = 1]
