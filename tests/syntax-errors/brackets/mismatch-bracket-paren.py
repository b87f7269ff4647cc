call(a, b]
