while running:
step()
