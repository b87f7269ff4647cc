f"{name}" = "x"
