sym = "\N GREEK"
