d = {"x": 1, "a": *items}
