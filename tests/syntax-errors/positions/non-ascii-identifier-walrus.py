if (été.x := 1):
    pass
