dict("key"="value")
