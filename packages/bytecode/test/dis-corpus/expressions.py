# dis corpus: expressions (constants, operators, comparisons, calls, subscripts,
# f-strings and t-strings). Small functions, each one behaviour.

def const_none():
    return None

def const_small_int():
    return 7

def const_big_int():
    return 123456789012345678901234567890

def const_negative():
    return -5

def const_float():
    return 1.5e300

def const_complex():
    return 2 + 3j

def const_str():
    return "héllo\n\t'quoted'"

def const_bytes():
    return b"\x00\xffabc"

def const_tuple():
    return (1, 2.0, "three", None, (4, 5))

def const_frozenset(x):
    return x in {1, 2, 3}

def const_ellipsis():
    return ...

def const_bool_ops(a, b):
    return a and b or not a

def unary_ops(a):
    return -a, +a, ~a, not a

def binary_ops(a, b):
    return a + b, a - b, a * b, a / b, a // b, a % b, a ** b, a @ b

def bitwise_ops(a, b):
    return a & b, a | b, a ^ b, a << b, a >> b

def inplace_ops(a, b):
    a += b
    a -= b
    a *= b
    a /= b
    a //= b
    a %= b
    a **= b
    a @= b
    a &= b
    a |= b
    a ^= b
    a <<= b
    a >>= b
    return a

def comparisons(a, b):
    return a < b, a <= b, a == b, a != b, a > b, a >= b

def chained_comparison(a, b, c):
    return a < b < c

def identity_and_membership(a, b):
    return a is b, a is not b, a in b, a not in b

def is_none_tests(a):
    if a is None:
        return 1
    if a is not None:
        return 2

def conditional_expression(a, b, c):
    return b if a else c

def walrus(data):
    if (n := len(data)) > 10:
        return n
    return 0

def folded_constants():
    return 2 ** 10, "ab" * 3, (1, 2) + (3,), -(-4), not True

def call_positional(f, a, b):
    return f(a, b)

def call_keywords(f, a):
    return f(a, key=1, other=a)

def call_star_args(f, args):
    return f(*args)

def call_star_kwargs(f, kwargs):
    return f(**kwargs)

def call_mixed(f, a, args, kwargs):
    return f(a, *args, x=1, **kwargs)

def call_two_stars(f, a, b):
    return f(*a, *b, **{'k': 1}, **b)

def method_call(obj, x):
    return obj.method(x)

def method_call_kw(obj, x):
    return obj.method(x, flag=True)

def attribute_chain(obj):
    return obj.a.b.c

def attribute_store(obj, v):
    obj.attr = v
    obj.a.b = v

def attribute_delete(obj):
    del obj.attr

def subscript_load(seq, i):
    return seq[i]

def subscript_store(seq, i, v):
    seq[i] = v

def subscript_delete(seq, i):
    del seq[i]

def slice_load(seq, a, b):
    return seq[a:b]

def slice_constant(seq):
    return seq[1:10]

def slice_step(seq, a, b, c):
    return seq[a:b:c]

def slice_store(seq, a, b, v):
    seq[a:b] = v

def slice_delete(seq):
    del seq[::2]

def slice_open(seq):
    return seq[:], seq[1:], seq[:-1]

def list_display(a, b):
    return [a, b, 1]

def list_constant():
    return [1, 2, 3, 4, 5]

def list_unpack(a, b):
    return [*a, *b, 1]

def set_display(a, b):
    return {a, b}

def set_unpack(a, b):
    return {*a, *b}

def dict_display(a, b):
    return {'a': a, 'b': b}

def dict_constant_keys(a, b, c):
    return {1: a, 2: b, 3: c}

def dict_unpack(a, b):
    return {**a, 'x': 1, **b}

def tuple_unpack(a, b):
    return (*a, *b)

def empty_displays():
    return [], {}, (), set()

def fstring_simple(name):
    return f"hello {name}"

def fstring_conversions(x):
    return f"{x!r} {x!s} {x!a}"

def fstring_format_spec(x, width):
    return f"{x:>10} {x:{width}.{width}}"

def fstring_debug(x):
    return f"{x=}"

def fstring_nested(x, y):
    return f"{f'{x}'}{y!r:^5}"

def tstring_simple(name):
    return t"hello {name}"

def tstring_conversion_spec(x, w):
    return t"{x!r:>{w}} and {x}"

def string_concat(a):
    return "abc" "def" + a

def lambda_expression():
    return lambda x, y=2: x + y

def generator_expression(xs):
    return sum(x * x for x in xs)

def list_comprehension(xs):
    return [x + 1 for x in xs if x]

def set_comprehension(xs):
    return {x for x in xs}

def dict_comprehension(xs):
    return {k: v for k, v in xs}

def nested_comprehension(matrix):
    return [y for row in matrix for y in row if y > 0]

def comprehension_shadowing(x):
    y = [x for x in range(3)]
    return x, y

def comprehension_closure(xs):
    return [lambda: x for x in xs]

def all_any_tuple(xs):
    return all(x for x in xs), any(x for x in xs), tuple(x for x in xs)

def many_constants():
    return (0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0,
            20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0, 34.0, 35.0, 36.0, 37.0,
            'x', 'y', 'z'), [i * 0.5 for i in range(3)]

def long_list(a):
    return [a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a]
