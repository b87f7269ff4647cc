while True:
    break if done else print()
