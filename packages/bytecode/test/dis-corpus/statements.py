# dis corpus: statements and control flow (assignments, loops, exceptions, with,
# match, assert, del, global/nonlocal).
import sys

counter = 0

def assign_simple(a):
    x = a
    y = x
    return y

def assign_chain(a):
    x = y = z = a
    return x, y, z

def assign_swap(a, b):
    a, b = b, a
    return a, b

def assign_rotate(a, b, c):
    a, b, c = c, a, b
    return a, b, c

def unpack_sequence(t):
    a, b, c = t
    return a + b + c

def unpack_star(t):
    first, *middle, last = t
    return first, middle, last

def unpack_nested(t):
    (a, b), c = t
    return a, b, c

def unpack_for(pairs):
    total = 0
    for k, v in pairs:
        total += k * v
    return total

def augmented_attribute(obj):
    obj.count += 1

def augmented_subscript(d, k):
    d[k] += 1

def augmented_slice(seq):
    seq[1:2] += [3]

def global_read():
    return counter

def global_write():
    global counter
    counter = counter + 1

def global_delete():
    global counter
    del counter

def local_delete(a):
    x = a
    del x

def maybe_unbound(flag):
    if flag:
        value = 1
    return value

def deleted_then_used(a):
    x = a
    del x
    return x

def closure_counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc

def closure_delete():
    x = 1
    def inner():
        nonlocal x
        del x
    return inner

def closure_read_param(a):
    def inner():
        return a
    return inner

def if_else(a):
    if a:
        return 1
    else:
        return 2

def if_elif(a):
    if a == 1:
        r = 'one'
    elif a == 2:
        r = 'two'
    else:
        r = 'many'
    return r

def if_and_or(a, b, c):
    if a and (b or c):
        return True
    return False

def if_not(a):
    if not a:
        return 0
    return a

def while_loop(n):
    i = 0
    while i < n:
        i += 1
    return i

def while_else(n):
    while n:
        n -= 1
        if n == 5:
            break
    else:
        return 'done'
    return 'broke'

def while_true_break(it):
    while True:
        x = next(it)
        if x:
            break
    return x

def for_loop(xs):
    total = 0
    for x in xs:
        total += x
    return total

def for_else(xs):
    for x in xs:
        if x < 0:
            break
    else:
        return None
    return x

def for_continue(xs):
    out = []
    for x in xs:
        if not x:
            continue
        out.append(x)
    return out

def for_range(n):
    s = 0
    for i in range(n):
        s += i
    return s

def nested_loops(a, b):
    count = 0
    for i in a:
        for j in b:
            if i == j:
                count += 1
    return count

def try_except(f):
    try:
        return f()
    except ValueError:
        return None

def try_except_as(f):
    try:
        f()
    except (TypeError, KeyError) as e:
        return str(e)

def try_except_bare(f):
    try:
        f()
    except:
        pass

def try_else(f):
    try:
        x = f()
    except Exception:
        x = None
    else:
        x = x * 2
    return x

def try_finally(f, g):
    try:
        f()
    finally:
        g()

def try_finally_return(f):
    try:
        return f()
    finally:
        print('cleanup')

def try_all_clauses(f):
    try:
        r = f()
    except ValueError as e:
        r = e
    except OSError:
        r = 0
    else:
        r += 1
    finally:
        r = None
    return r

def try_in_loop(xs):
    for x in xs:
        try:
            x()
        except StopIteration:
            break
        except Exception:
            continue
        finally:
            pass

def try_star(f):
    try:
        f()
    except* ValueError as eg:
        print(eg)
    except* TypeError:
        pass

def raise_plain():
    raise ValueError

def raise_instance(msg):
    raise ValueError(msg)

def raise_from(msg):
    try:
        pass
    except KeyError as e:
        raise RuntimeError(msg) from e

def reraise(f):
    try:
        f()
    except Exception:
        raise

def assert_simple(x):
    assert x

def assert_message(x):
    assert x > 0, "must be positive"

def with_simple(cm):
    with cm:
        pass

def with_as(cm):
    with cm as value:
        return value

def with_multiple(a, b):
    with a as x, b as y:
        return x, y

def with_nested_return(cm, f):
    with cm:
        for x in f:
            if x:
                return x

def match_literal(x):
    match x:
        case 1:
            return 'one'
        case 'two':
            return 2
        case None:
            return None
        case True:
            return 'true'

def match_capture_wildcard(x):
    match x:
        case [a]:
            return a
        case _:
            return None

def match_sequence(x):
    match x:
        case [1, 2, *rest]:
            return rest
        case (a, b):
            return a + b
        case []:
            return 0

def match_mapping(x):
    match x:
        case {'a': 1, 'b': b}:
            return b
        case {'k': v, **rest}:
            return rest
        case {}:
            return 'empty'

def match_class(x):
    match x:
        case Point(x=0, y=0):
            return 'origin'
        case Point(a, b):
            return a, b
        case int() | float():
            return 'number'

def match_or_as(x):
    match x:
        case (1 | 2 | 3) as small:
            return small
        case [int() as i, str() as s]:
            return i, s

def match_guard(x):
    match x:
        case [a, b] if a > b:
            return a
        case [a, b]:
            return b

def match_value_pattern(x):
    match x:
        case sys.maxsize:
            return 'max'
        case -1:
            return 'neg'
        case 1 + 2j:
            return 'complex'

def match_star_wildcard(x):
    match x:
        case [*_, last]:
            return last
        case [first, *_]:
            return first

def long_if_body(a, b):
    if a:
        b.c1.d1.e1.f1.g1.h1.i1.j1.k1.l1.m1.n1.o1.p1.q1
        b.c2.d2.e2.f2.g2.h2.i2.j2.k2.l2.m2.n2.o2.p2.q2
        b.c3.d3.e3.f3.g3.h3.i3.j3.k3.l3.m3.n3.o3.p3.q3
        b.c4.d4.e4.f4.g4.h4.i4.j4.k4.l4.m4.n4.o4.p4.q4
    return b

def pass_only():
    pass

def docstring_only():
    "A docstring."

def print_and_return(*args):
    print(*args, sep=', ', end='')
    return len(args)
