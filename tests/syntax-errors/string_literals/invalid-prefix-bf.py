x = bf"{a}"
