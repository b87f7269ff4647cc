msg = f"{value!x}"
