run(**settings, target)
