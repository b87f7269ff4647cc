def outer():
    def inner():
        nonlocal
