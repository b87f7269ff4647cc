x = 1 + import
