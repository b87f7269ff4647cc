a, False = pair
