x = compute(1))
