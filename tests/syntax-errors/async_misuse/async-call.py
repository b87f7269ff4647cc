async print("x")
