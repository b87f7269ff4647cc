k = lambda a=1, /*, b: b
