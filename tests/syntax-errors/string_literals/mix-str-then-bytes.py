data = "abc" b"def"
