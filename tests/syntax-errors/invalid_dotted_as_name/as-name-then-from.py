import path as p from os
