del cache.get("key")
