None = load()
