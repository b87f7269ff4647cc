z = 3j4
