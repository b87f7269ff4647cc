try:
    risky()
except ValueError as (a, b):
    pass
