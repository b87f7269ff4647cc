data = b"abc
