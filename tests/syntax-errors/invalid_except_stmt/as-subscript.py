try:
    risky()
except ValueError as errors[0]:
    pass
