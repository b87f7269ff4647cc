# mode: eval
a
b
