f(*args=1)
