while busy():
    wait()
else:
finish()
