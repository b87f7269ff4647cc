match value:
    case (x := 1):
        pass
