match d:
    case {1 + 1: v}:
        pass
