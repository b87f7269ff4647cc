while (items[0] := next(it)):
    pass
