x = y() = compute()
