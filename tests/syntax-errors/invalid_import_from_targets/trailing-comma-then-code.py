from math import pi, e,
print(pi)
