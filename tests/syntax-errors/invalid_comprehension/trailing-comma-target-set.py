singles = {x, for x in data}
