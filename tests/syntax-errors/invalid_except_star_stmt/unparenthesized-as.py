try:
    risky()
except* ValueError, TypeError as eg:
    pass
