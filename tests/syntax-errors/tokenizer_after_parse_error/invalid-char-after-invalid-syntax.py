total = = price
rate = 5€
