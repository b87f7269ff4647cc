d = {*keys: 1}
