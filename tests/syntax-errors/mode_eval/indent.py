# mode: eval
  x
