doc = """abc
def
