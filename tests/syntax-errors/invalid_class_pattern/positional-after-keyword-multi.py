match shape:
    case Rect(a, width=1, b, c):
        pass
