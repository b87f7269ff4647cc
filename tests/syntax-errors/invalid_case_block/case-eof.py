match command:
    case "go":
