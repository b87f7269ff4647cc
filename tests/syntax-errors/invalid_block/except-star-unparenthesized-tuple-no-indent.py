try:
    connect()
except* ValueError, TypeError:
pass
