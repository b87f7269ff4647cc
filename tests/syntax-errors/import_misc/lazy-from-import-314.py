lazy from os import path
