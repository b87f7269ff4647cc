match value:
    case f():
        pass
    case g(1)(2):
        pass
