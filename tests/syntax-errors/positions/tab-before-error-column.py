if x:
	y = f() = 1
