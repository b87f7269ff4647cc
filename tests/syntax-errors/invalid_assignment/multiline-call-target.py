result = 0
compute(
    1,
    2,
) = result
