d = {**base, "a": **items}
