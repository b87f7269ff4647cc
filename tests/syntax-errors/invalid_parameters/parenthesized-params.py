def point((x, y)):
    return x + y
