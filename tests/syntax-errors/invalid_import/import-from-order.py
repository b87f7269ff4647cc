import os.path from os
