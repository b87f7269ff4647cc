# mode: single
    x = 1
