total = price quantity
