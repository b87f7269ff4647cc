with open(path) as handle():
    pass
