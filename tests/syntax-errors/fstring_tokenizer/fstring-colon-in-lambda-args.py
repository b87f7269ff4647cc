msg = f"{lambda x:x}"
