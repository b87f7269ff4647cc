d = {key:}
