found = item not in
