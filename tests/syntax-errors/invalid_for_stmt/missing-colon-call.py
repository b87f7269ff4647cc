for i, v in enumerate(values)
    pass
