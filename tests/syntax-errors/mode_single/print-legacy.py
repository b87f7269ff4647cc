# mode: single
print x
