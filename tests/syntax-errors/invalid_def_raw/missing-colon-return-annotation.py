def compute(a, b) -> int
    return a + b
