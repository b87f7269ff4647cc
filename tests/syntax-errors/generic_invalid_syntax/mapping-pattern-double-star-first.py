match d:
    case {**rest, "k": 1}:
        pass
