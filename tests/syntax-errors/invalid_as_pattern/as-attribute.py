match value:
    case int() as self.result:
        pass
