doc = """This docstring
never ends
