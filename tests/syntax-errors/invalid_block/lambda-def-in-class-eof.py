class A:
    def method(self):
