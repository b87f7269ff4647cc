# dis corpus: more expressions and odd corners.

def chained_attribute_call(obj):
    return obj.a().b().c()

def conditional_import(flag):
    if flag:
        import sys as s
        return s
    return None

def unpack_ex_large(t):
    a, b, *c, d, e = t
    return c

def nested_functions_depth():
    def a():
        def b():
            def c():
                return 1
            return c
        return b
    return a

def set_of_strings(x):
    return x in {'a', 'b', 'c'}

def tuple_of_strings(x):
    return x in ('a', 'b', 'c')

def list_in(x):
    return x in [1, 2, 3]

def not_in_list(x):
    return x not in [1, 2]

def bool_result(a, b):
    return bool(a < b)

def comparison_in_condition(a, b):
    if a < b:
        return a
    return b

def ternary_chain(a):
    return 'neg' if a < 0 else 'zero' if a == 0 else 'pos'

def lambda_in_default(f=lambda: 1):
    return f()

def try_except_in_comprehension(xs):
    return [x for x in xs if (lambda: x)()]

def yield_in_comprehension_gen(xs):
    return (y for x in xs for y in x)

def with_in_loop(cms):
    for cm in cms:
        with cm:
            continue

def try_finally_break(xs):
    for x in xs:
        try:
            if x:
                break
        finally:
            print(x)

def except_star_reraise(f):
    try:
        f()
    except* OSError:
        raise

def dict_get_default(d, k):
    return d.get(k, None)

def starred_assignment_target(a):
    *x, = a
    return x

def subscript_tuple_index(m, i, j):
    return m[i, j]

def slice_with_ellipsis(a):
    return a[..., 1:2]

def matrix_multiply_inplace(a, b):
    a @= b
    return a

def string_methods(s):
    return s.strip().lower().split(',')

def big_negative_const():
    return -10000000000

def power_of_negative():
    return (-2) ** 2

def constant_condition():
    if 0:
        return 'never'
    while 0:
        pass
    return 'always'

def unreachable_after_return():
    return 1
    print('never')

def long_string_concat(a, b, c):
    return f"{a}-{b}-{c}-{a}-{b}-{c}"

def await_in_lambda_free(a):
    return (lambda: a)()

def exception_variable_cleanup(f):
    try:
        f()
    except Exception as exc:
        return exc
