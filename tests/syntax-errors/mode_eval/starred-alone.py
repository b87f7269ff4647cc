# mode: eval
*a
