result = compute(1, 2
