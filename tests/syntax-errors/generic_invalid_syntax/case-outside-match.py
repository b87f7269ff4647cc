def handle(cmd):
    case "quit":
        return
