result = compute(
    a b,
)
