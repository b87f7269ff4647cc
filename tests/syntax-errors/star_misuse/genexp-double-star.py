g = (**d for d in dicts)
