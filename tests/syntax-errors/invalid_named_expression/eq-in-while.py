while line = f.readline():
    process(line)
