call(**options, *extra)
