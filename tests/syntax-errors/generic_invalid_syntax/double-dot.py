x = obj..attr
