class = "warning"
