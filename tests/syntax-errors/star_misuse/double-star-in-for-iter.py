for x in **d:
    pass
