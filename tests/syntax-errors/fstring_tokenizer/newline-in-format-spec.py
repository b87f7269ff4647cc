msg = f"{a:
}"
