match value:
    case str() as 1:
        pass
