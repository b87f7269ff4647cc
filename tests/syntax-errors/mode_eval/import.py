# mode: eval
import os
