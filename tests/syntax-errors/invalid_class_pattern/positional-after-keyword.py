match shape:
    case Point(x=0, y):
        pass
