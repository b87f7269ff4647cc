def greet(who):
    print "Hello", who
