doc = """
line
"""; x = = 1
