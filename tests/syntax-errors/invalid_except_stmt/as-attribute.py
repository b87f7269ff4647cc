try:
    risky()
except ValueError as self.error:
    pass
