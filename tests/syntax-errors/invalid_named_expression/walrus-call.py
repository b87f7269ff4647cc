result = [f() := 3]
