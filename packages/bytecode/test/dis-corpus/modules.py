# dis corpus: module-level code (imports, module annotations, globals, print, star
# import, del at module level, conditional definitions).
import os
import os.path
import collections.abc as cabc
from sys import argv, path as sys_path
from os.path import *
from . import sibling
from .. import parent
from .pkg.mod import name as alias

x: int = 1
y: list[str]

if os.name == 'posix':
    def platform():
        return 'posix'
else:
    def platform():
        return 'other'

try:
    import json
except ImportError:
    json = None

CONSTANT = 42
del CONSTANT

for _i in range(3):
    pass

with open(__file__) as _f:
    _data = _f.read()

type Alias = list[int]

def uses_imports():
    import math
    from math import pi, tau
    return math.sqrt(pi + tau)

def lazy_import():
    import xml.etree.ElementTree as ET
    return ET

def relative_in_function():
    from . import helper
    return helper

def global_lookup():
    return os.getcwd()

print(platform())
