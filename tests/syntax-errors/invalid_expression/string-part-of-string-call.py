print("Value: " value.attr " units")
