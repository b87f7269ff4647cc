{a, b} = values
