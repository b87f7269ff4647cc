d = {k: for k in keys}
