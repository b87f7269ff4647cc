msg = f"{value!}"
