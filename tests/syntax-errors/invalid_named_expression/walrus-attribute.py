if (self.value := compute()):
    print(self.value)
