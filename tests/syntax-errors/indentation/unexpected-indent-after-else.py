if a:
    pass
else:
    b = 1
      c = 2
