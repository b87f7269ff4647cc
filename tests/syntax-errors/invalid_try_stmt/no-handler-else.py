try:
    risky()
else:
    pass
