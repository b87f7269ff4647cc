print(1if)
