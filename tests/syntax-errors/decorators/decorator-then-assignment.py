@cache
result = 1
