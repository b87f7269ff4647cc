first, *rest: list = data
