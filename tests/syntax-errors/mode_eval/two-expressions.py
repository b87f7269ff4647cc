# mode: eval
a b
