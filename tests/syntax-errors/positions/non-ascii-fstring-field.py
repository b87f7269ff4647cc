msg = f"éé {} é"
