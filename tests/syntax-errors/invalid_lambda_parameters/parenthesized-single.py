ident = lambda (x): x
