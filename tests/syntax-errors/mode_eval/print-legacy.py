# mode: eval
print "hello"
