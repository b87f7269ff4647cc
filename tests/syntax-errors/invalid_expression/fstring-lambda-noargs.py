s = f"result: {lambda: 1}"
