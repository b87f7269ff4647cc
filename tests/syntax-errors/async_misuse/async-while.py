async while True:
    pass
