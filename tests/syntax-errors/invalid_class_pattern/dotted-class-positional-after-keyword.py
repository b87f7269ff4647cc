match event:
    case events.Click(button=1, pos):
        pass
