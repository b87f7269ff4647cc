matrix[i j] = 0
