msg = f"\x4 {x}"
