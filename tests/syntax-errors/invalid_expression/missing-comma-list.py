colors = ["red" "green", "blue" 3]
