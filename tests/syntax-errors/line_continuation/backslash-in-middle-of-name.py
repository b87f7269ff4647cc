x = ab\c
