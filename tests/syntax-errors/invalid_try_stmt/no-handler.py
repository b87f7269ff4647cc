try:
    risky()
print("done")
