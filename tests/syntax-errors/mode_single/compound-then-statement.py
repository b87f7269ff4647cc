# mode: single
if x:
    pass
y = 1
