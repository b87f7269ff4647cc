d = {"a": **items}
