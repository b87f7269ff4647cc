while True
    pass