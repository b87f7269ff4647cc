class A:
        def m(self):
            pass
    def n(self):
        pass
