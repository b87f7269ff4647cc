for x in y
    pass
z = 0777
