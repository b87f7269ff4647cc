def gen():
    yield value = 1
