x = y[**d]
