match parse(line)
    case []:
        pass
