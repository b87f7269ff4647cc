try:
    a()
except OSError:
    pass
finally
    b()
