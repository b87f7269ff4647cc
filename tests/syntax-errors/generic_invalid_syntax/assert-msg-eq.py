assert ok, msg = "bad"
