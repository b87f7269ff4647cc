with a as b
    pass
  c
