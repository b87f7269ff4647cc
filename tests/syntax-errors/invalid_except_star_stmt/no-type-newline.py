try:
    risky()
except*
    pass
