msg = f"{value=!}"
