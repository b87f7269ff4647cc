total = $amount
