import json as loader()
