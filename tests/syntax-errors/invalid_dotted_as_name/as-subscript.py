import os as mods[0]
