with lock
    critical()
