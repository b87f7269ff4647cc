class A:
    def method(self, x=None, y):
        pass
