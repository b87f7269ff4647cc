make(): int = 3
