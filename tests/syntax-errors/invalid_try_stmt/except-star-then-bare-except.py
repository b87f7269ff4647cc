try:
    risky()
except* ValueError:
    pass
except:
    pass
