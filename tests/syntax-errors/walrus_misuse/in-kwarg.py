f(key := 1 = 2)
