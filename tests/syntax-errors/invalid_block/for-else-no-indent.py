for x in items:
    check(x)
else:
report()
