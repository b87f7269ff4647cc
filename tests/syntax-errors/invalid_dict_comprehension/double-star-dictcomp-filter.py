merged = {**d for d in dicts if d}
