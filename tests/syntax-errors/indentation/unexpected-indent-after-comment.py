# config
  value = 1
