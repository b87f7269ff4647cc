# dis corpus: functions, closures, generators, coroutines, lambdas, decorators,
# defaults, annotations and type parameters.

def positional_only(a, b, /, c):
    return a, b, c

def keyword_only(*, a, b=2):
    return a + b

def defaults(a, b=1, c='x'):
    return a, b, c

def kw_defaults(a, *, b=[], c=None):
    return a, b, c

def varargs(*args, **kwargs):
    return args, kwargs

def annotated(a: int, b: 'str' = 'x') -> list[int]:
    return [a]

def annotated_locals(a):
    x: int = a
    y: list
    return x

def make_closure(a):
    def inner(b):
        return a + b
    return inner

def make_closure_with_defaults(a):
    def inner(b=a, *, c=a):
        return a, b, c
    return inner

def nested_closures(a):
    def middle(b):
        def inner(c):
            return a + b + c
        return inner
    return middle

def closure_over_loop_var():
    fs = []
    for i in range(3):
        fs.append(lambda: i)
    return fs

def cell_parameter(x):
    def get():
        return x
    x = x + 1
    return get

def decorated(f):
    @staticmethod
    @f
    def g():
        pass
    return g

def decorator_with_args(deco):
    @deco(1, key=2)
    def g(x):
        return x
    return g

def lambda_default(a):
    return lambda b=a: b

def lambda_closure(a):
    return lambda: a

def generator_simple(n):
    for i in range(n):
        yield i

def generator_yield_value():
    x = yield 1
    y = yield x
    return y

def generator_yield_from(it):
    r = yield from it
    return r

def generator_return(n):
    yield n
    return n * 2

def generator_try(n):
    try:
        yield n
    finally:
        print('closed')

def generator_expression_arg(xs):
    return list(x for x in xs if x)

def generator_in_generator(xs):
    yield from (x * 2 for x in xs)

async def coroutine_simple():
    return 1

async def coroutine_await(aw):
    return await aw

async def coroutine_await_many(a, b):
    x = await a
    y = await b
    return x + y

async def async_for(aiter):
    total = 0
    async for x in aiter:
        total += x
    return total

async def async_for_else(aiter):
    async for x in aiter:
        if x:
            break
    else:
        return None
    return x

async def async_with(cm):
    async with cm as value:
        return value

async def async_with_multiple(a, b):
    async with a as x, b as y:
        await x
    return y

async def async_generator(n):
    for i in range(n):
        yield i
        await i

async def async_generator_asend(a):
    x = yield 1
    await a
    yield x

async def async_comprehension(aiter):
    return [x async for x in aiter]

async def async_comprehension_await(xs):
    return [await x for x in xs]

async def async_genexp(aiter):
    return (x async for x in aiter)

async def async_dict_comprehension(aiter):
    return {k: v async for k, v in aiter}

async def async_try(aw):
    try:
        await aw
    except Exception:
        pass

def recursion(n):
    if n <= 1:
        return 1
    return n * recursion(n - 1)

def type_params_function[T](x: T) -> T:
    return x

def type_params_bound[T: int, *Ts, **P](x: T, *args: *Ts) -> T:
    return x

def type_params_default[T = int, U: (int, str) = str]():
    return T, U

def type_alias_in_function():
    type Pair[T] = tuple[T, T]
    return Pair

def type_alias_simple():
    type IntList = list[int]
    return IntList

def function_attributes_all(a):
    def g(x: int = a, *, y: str = a) -> None:
        return a
    return g

def star_params_only(*, k):
    return k

def many_locals():
    a = 1; b = 2; c = 3; d = 4; e = 5; f = 6; g = 7; h = 8
    i = 9; j = 10; k = 11; l = 12; m = 13; n = 14; o = 15; p = 16; q = 17
    return a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p + q

def store_load_pairs(a, b):
    x = a
    y = b
    return x, y
