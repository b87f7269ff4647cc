for i in range(3):
    continue if i else pass
