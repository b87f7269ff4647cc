result = compute(
    a,
    b,
]
