try:
    risky()
except ValueError:
    pass
except* TypeError:
    pass
