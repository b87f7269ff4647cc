try:
    risky()
except* ValueError as self.eg:
    pass
