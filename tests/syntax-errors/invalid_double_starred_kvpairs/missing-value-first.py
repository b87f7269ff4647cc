config = {"debug":, "level": 2}
