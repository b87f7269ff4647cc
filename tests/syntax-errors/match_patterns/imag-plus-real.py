match n:
    case 1j + 2:
        pass
