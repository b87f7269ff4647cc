print "hello"
s = 'abc
