import a.b from c
q = 0b2
