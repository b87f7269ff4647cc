while count < limit
    count += 1
