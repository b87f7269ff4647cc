d = {**base, "key"}
