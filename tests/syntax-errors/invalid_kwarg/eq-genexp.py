sorted(key=k for k in keys)
