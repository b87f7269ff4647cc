f(*args=defaults)
