# mode: eval
pass
