if x == :
    pass
