msg = f"{a # comment}"
