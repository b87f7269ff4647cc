for item in items
    print(item)
