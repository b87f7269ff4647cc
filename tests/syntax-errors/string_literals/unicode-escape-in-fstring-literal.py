msg = f"\N{NOPE} {x}"
