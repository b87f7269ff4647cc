print(a b)
s = "unterminated
