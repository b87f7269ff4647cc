d = {"a": 1, "b": *rest}
