for item in items:
process(item)
