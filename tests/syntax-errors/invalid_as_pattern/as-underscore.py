match value:
    case [x, y] as _:
        pass
