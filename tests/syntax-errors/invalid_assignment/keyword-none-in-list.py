[a, None] = pair
