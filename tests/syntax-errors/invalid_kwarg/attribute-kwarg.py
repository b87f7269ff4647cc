update(self.name="x")
