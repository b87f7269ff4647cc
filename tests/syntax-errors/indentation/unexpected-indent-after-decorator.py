@decorator
    def f():
        pass
