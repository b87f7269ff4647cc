r = n % not m
