match value:
    case 1 as f():
        pass
