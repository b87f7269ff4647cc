setup(True=1)
