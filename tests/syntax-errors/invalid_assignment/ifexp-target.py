a if cond else b = 3
