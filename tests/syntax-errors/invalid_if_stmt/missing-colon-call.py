if is_ready(config)
    start()
