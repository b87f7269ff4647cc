import numpy as np.core
