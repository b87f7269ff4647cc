count = 123abc
