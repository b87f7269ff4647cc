try:
    risky()
except*:
    pass
