del [x, f()]
