class Registry(metaclass=Meta)
    items = []
