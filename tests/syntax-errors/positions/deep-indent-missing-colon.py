class A:
    def f(self):
        for x in y:
            if x
                pass
