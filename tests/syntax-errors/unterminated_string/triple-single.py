doc = '''start
middle
