# mode: eval
(1, 2
