match value:
