while True
    step()
