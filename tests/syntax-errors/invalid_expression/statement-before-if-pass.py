for x in y:
    pass if x else continue
