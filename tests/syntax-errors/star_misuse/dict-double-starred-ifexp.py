d = {"a": 1, **x if y else z}
