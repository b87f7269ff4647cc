try:
    risky()
finally:
