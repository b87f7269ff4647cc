items = [*a if b else c]
