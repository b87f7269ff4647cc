{"a": 1} = mapping
