import collections as 1
