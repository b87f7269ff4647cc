try:
    risky()
except ValueError, TypeError as e:
    print(e)
