# dis corpus: classes (bodies, methods, super(), __class__, properties, class-level
# annotations, decorators, metaclasses, type parameters, name mangling).

class Empty:
    pass

class WithDocstring:
    """The docstring."""

class Base:
    attr = 1

    def method(self):
        return self.attr

    @classmethod
    def create(cls):
        return cls()

    @staticmethod
    def helper(x):
        return x * 2

    @property
    def value(self):
        return self._value

    @value.setter
    def value(self, v):
        self._value = v

class Derived(Base, metaclass=type):
    def method(self):
        return super().method() + 1

    def two_arg_super(self):
        return super(Derived, self).method()

    def super_attribute(self):
        return super().attr

    def uses_class_cell(self):
        return __class__

class Annotated:
    x: int
    y: str = 'y'
    z: list[int] = []

    def m(self) -> 'Annotated':
        return self

class Mangled:
    __secret = 1

    def get(self):
        return self.__secret

    def set(self, v):
        self.__other = v

class Generic[T]:
    def get(self) -> T:
        return self.item

class GenericBound[T: int, *Ts, **P]:
    attr: T

class WithKeywords(Base, flag=True):
    pass

class Nested:
    class Inner:
        def m(self):
            return 1

    def make(self):
        return self.Inner()

class ClassBodyFreeVar:
    def outer(self):
        value = 1
        class Local:
            x = value
            def get(self):
                return value
        return Local

class ComprehensionInClass:
    items = [1, 2, 3]
    doubled = [x * 2 for x in items]

class ClassVariables:
    a = 1
    b = a + 1
    del a

def class_in_function(base):
    class Local(base):
        def m(self):
            return super().m()
    return Local

def class_with_decorator(deco):
    @deco
    class C:
        pass
    return C

def dunder_methods():
    class Vec:
        def __init__(self, x):
            self.x = x

        def __add__(self, other):
            return Vec(self.x + other.x)

        def __eq__(self, other):
            return self.x == other.x
    return Vec

class SlotsClass:
    __slots__ = ('a', 'b')

    def __init__(self, a, b):
        self.a = a
        self.b = b

class ConditionalAnnotations:
    if True:
        x: int = 1
    else:
        y: str

class TypeParamMethods:
    def method[T](self, x: T) -> T:
        return x

class GenericWithDefault[T = int]:
    pass
