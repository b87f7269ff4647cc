type X[*] = int
