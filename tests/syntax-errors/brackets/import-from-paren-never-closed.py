from . import (alpha, beta
