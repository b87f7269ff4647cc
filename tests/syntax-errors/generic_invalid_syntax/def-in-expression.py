f = def g(): pass
