match value:
    case {**None}:
        pass
