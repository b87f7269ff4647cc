setup(verbose=1, False=0)
