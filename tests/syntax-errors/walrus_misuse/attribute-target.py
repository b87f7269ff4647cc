print((obj.x := 1))
