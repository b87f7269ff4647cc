data[0]() = value
