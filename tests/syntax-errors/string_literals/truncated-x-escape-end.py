ch = "abc\x"
