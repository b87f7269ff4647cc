# mode: single
f() = 1
