x = ft"{a}"
