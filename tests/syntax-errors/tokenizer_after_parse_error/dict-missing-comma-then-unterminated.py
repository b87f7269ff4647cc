x = {1: 2 "a": 3}
s = "unterminated
