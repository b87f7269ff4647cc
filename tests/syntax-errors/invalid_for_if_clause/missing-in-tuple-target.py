d = {k: v for k, v data.items()}
