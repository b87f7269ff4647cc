result = compute(
    alpha=1,
    beta,
)
