def g():
    msg = f"{yield from}"
