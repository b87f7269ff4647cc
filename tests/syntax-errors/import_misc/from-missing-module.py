from import os
