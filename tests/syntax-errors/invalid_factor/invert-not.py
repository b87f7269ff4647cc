mask = ~not bits
