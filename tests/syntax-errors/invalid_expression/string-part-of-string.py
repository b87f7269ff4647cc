msg = "hello " name " world"
