d = {"a": *items}
