msg = f"{value!1}"
