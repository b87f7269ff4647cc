match value:
    case [**rest]:
        pass
