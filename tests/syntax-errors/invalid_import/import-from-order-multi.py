import json, pickle from stdlib
