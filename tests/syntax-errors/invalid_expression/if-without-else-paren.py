label = ("yes" if ok)
