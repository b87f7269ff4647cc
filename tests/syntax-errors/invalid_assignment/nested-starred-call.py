a, *f() = values
