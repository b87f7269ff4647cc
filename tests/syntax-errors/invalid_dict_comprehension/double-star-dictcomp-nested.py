merged = {**dict(p) for p in pairs for q in p}
