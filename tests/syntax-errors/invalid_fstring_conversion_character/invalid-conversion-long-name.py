msg = f"{value!repr}"
