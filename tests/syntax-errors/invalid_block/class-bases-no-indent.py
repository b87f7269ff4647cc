class Child(Base, metaclass=Meta):
pass
