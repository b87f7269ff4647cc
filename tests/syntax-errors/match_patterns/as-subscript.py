match value:
    case {"k": v} as d[0]:
        pass
