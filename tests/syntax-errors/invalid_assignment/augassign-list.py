[a, b] -= values
