import json as class
