while not done
    done = step()
