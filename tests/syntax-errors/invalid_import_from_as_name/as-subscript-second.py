from os import sep, path as p[0]
