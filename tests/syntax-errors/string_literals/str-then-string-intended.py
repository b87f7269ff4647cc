print("a" x "b")
