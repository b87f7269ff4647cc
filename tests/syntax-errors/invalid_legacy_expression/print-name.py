name = "x"
print name
