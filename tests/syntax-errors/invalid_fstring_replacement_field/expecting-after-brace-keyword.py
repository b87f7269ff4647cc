msg = f"{import}"
