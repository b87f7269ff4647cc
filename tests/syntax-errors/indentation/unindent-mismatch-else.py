if ready:
    go()
  else:
    wait()
