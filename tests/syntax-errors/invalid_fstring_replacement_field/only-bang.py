msg = f"{!r}"
