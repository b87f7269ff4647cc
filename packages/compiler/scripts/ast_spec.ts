// CPython 3.14's abstract syntax (Parser/Python.asdl) as a TypeScript table.
// gen-ast.ts turns it into src/generated/ast.ts; test/ast-spec.test.ts checks it
// against pyodide's `ast` module so it cannot drift.
//
// Each field is written as in ASDL: "type name", "type? name" or "type* name".
// Builtin ASDL types: identifier, string, constant, int. Any other type is a node type.
// "type?* name" (not ASDL) marks a list whose elements may be None.

export type Quantifier = '' | '?' | '*';

export interface FieldSpec {
  readonly name: string;
  readonly type: string;
  readonly quantifier: Quantifier;
  /**
   * For a `*` field whose elements may be None (`Dict.keys` for `**d`,
   * `arguments.kw_defaults` for a keyword-only argument without default). ASDL
   * cannot say this; the spec writes such a field as "expr?* name".
   */
  readonly elementsOptional: boolean;
}

export interface ConstructorSpec {
  readonly name: string;
  readonly fields: readonly FieldSpec[];
}

/** A sum type: an abstract base class with one concrete class per constructor. */
export interface SumSpec {
  readonly kind: 'sum';
  readonly name: string;
  readonly constructors: readonly ConstructorSpec[];
  readonly attributes: readonly FieldSpec[];
}

/** A product type: one concrete class deriving directly from AST. */
export interface ProductSpec {
  readonly kind: 'product';
  readonly name: string;
  readonly fields: readonly FieldSpec[];
  readonly attributes: readonly FieldSpec[];
}

export type TypeSpec = SumSpec | ProductSpec;

export const BUILTIN_TYPES = new Set(['identifier', 'string', 'constant', 'int']);

function parseFields(text: string): FieldSpec[] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => {
    const m = /^\s*(\w+)(\?\*|[?*]?)\s+(\w+)\s*$/.exec(part);
    if (!m) throw new Error(`ast_spec: bad field "${part}"`);
    const elementsOptional = m[2] === '?*';
    const quantifier = (elementsOptional ? '*' : m[2]) as Quantifier;
    return { type: m[1]!, quantifier, name: m[3]!, elementsOptional };
  });
}

/** A constructor: `c('FunctionDef', 'identifier name, arguments args, ...')`. */
function c(name: string, fields = ''): ConstructorSpec {
  return { name, fields: parseFields(fields) };
}

function sum(name: string, constructors: ConstructorSpec[], attributes = ''): SumSpec {
  return { kind: 'sum', name, constructors, attributes: parseFields(attributes) };
}

function product(name: string, fields: string, attributes = ''): ProductSpec {
  return { kind: 'product', name, fields: parseFields(fields), attributes: parseFields(attributes) };
}

const POSITION = 'int lineno, int col_offset, int? end_lineno, int? end_col_offset';

export const AST_SPEC: readonly TypeSpec[] = [
  sum('mod', [
    c('Module', 'stmt* body, type_ignore* type_ignores'),
    c('Interactive', 'stmt* body'),
    c('Expression', 'expr body'),
    c('FunctionType', 'expr* argtypes, expr returns'),
  ]),

  sum(
    'stmt',
    [
      c(
        'FunctionDef',
        'identifier name, arguments args, stmt* body, expr* decorator_list, expr? returns, ' +
          'string? type_comment, type_param* type_params',
      ),
      c(
        'AsyncFunctionDef',
        'identifier name, arguments args, stmt* body, expr* decorator_list, expr? returns, ' +
          'string? type_comment, type_param* type_params',
      ),
      c(
        'ClassDef',
        'identifier name, expr* bases, keyword* keywords, stmt* body, expr* decorator_list, ' +
          'type_param* type_params',
      ),
      c('Return', 'expr? value'),
      c('Delete', 'expr* targets'),
      c('Assign', 'expr* targets, expr value, string? type_comment'),
      c('TypeAlias', 'expr name, type_param* type_params, expr value'),
      c('AugAssign', 'expr target, operator op, expr value'),
      c('AnnAssign', 'expr target, expr annotation, expr? value, int simple'),
      c('For', 'expr target, expr iter, stmt* body, stmt* orelse, string? type_comment'),
      c('AsyncFor', 'expr target, expr iter, stmt* body, stmt* orelse, string? type_comment'),
      c('While', 'expr test, stmt* body, stmt* orelse'),
      c('If', 'expr test, stmt* body, stmt* orelse'),
      c('With', 'withitem* items, stmt* body, string? type_comment'),
      c('AsyncWith', 'withitem* items, stmt* body, string? type_comment'),
      c('Match', 'expr subject, match_case* cases'),
      c('Raise', 'expr? exc, expr? cause'),
      c('Try', 'stmt* body, excepthandler* handlers, stmt* orelse, stmt* finalbody'),
      c('TryStar', 'stmt* body, excepthandler* handlers, stmt* orelse, stmt* finalbody'),
      c('Assert', 'expr test, expr? msg'),
      c('Import', 'alias* names'),
      c('ImportFrom', 'identifier? module, alias* names, int? level'),
      c('Global', 'identifier* names'),
      c('Nonlocal', 'identifier* names'),
      c('Expr', 'expr value'),
      c('Pass'),
      c('Break'),
      c('Continue'),
    ],
    POSITION,
  ),

  sum(
    'expr',
    [
      c('BoolOp', 'boolop op, expr* values'),
      c('NamedExpr', 'expr target, expr value'),
      c('BinOp', 'expr left, operator op, expr right'),
      c('UnaryOp', 'unaryop op, expr operand'),
      c('Lambda', 'arguments args, expr body'),
      c('IfExp', 'expr test, expr body, expr orelse'),
      c('Dict', 'expr?* keys, expr* values'),
      c('Set', 'expr* elts'),
      c('ListComp', 'expr elt, comprehension* generators'),
      c('SetComp', 'expr elt, comprehension* generators'),
      c('DictComp', 'expr key, expr value, comprehension* generators'),
      c('GeneratorExp', 'expr elt, comprehension* generators'),
      c('Await', 'expr value'),
      c('Yield', 'expr? value'),
      c('YieldFrom', 'expr value'),
      c('Compare', 'expr left, cmpop* ops, expr* comparators'),
      c('Call', 'expr func, expr* args, keyword* keywords'),
      c('FormattedValue', 'expr value, int conversion, expr? format_spec'),
      c('Interpolation', 'expr value, constant str, int conversion, expr? format_spec'),
      c('JoinedStr', 'expr* values'),
      c('TemplateStr', 'expr* values'),
      c('Constant', 'constant value, string? kind'),
      c('Attribute', 'expr value, identifier attr, expr_context ctx'),
      c('Subscript', 'expr value, expr slice, expr_context ctx'),
      c('Starred', 'expr value, expr_context ctx'),
      c('Name', 'identifier id, expr_context ctx'),
      c('List', 'expr* elts, expr_context ctx'),
      c('Tuple', 'expr* elts, expr_context ctx'),
      c('Slice', 'expr? lower, expr? upper, expr? step'),
    ],
    POSITION,
  ),

  sum('expr_context', [c('Load'), c('Store'), c('Del')]),
  sum('boolop', [c('And'), c('Or')]),
  sum('operator', [
    c('Add'),
    c('Sub'),
    c('Mult'),
    c('MatMult'),
    c('Div'),
    c('Mod'),
    c('Pow'),
    c('LShift'),
    c('RShift'),
    c('BitOr'),
    c('BitXor'),
    c('BitAnd'),
    c('FloorDiv'),
  ]),
  sum('unaryop', [c('Invert'), c('Not'), c('UAdd'), c('USub')]),
  sum('cmpop', [c('Eq'), c('NotEq'), c('Lt'), c('LtE'), c('Gt'), c('GtE'), c('Is'), c('IsNot'), c('In'), c('NotIn')]),

  product('comprehension', 'expr target, expr iter, expr* ifs, int is_async'),

  sum('excepthandler', [c('ExceptHandler', 'expr? type, identifier? name, stmt* body')], POSITION),

  product(
    'arguments',
    'arg* posonlyargs, arg* args, arg? vararg, arg* kwonlyargs, expr?* kw_defaults, arg? kwarg, expr* defaults',
  ),
  product('arg', 'identifier arg, expr? annotation, string? type_comment', POSITION),
  product('keyword', 'identifier? arg, expr value', POSITION),
  product('alias', 'identifier name, identifier? asname', POSITION),
  product('withitem', 'expr context_expr, expr? optional_vars'),
  product('match_case', 'pattern pattern, expr? guard, stmt* body'),

  sum(
    'pattern',
    [
      c('MatchValue', 'expr value'),
      c('MatchSingleton', 'constant value'),
      c('MatchSequence', 'pattern* patterns'),
      c('MatchMapping', 'expr* keys, pattern* patterns, identifier? rest'),
      c('MatchClass', 'expr cls, pattern* patterns, identifier* kwd_attrs, pattern* kwd_patterns'),
      c('MatchStar', 'identifier? name'),
      c('MatchAs', 'pattern? pattern, identifier? name'),
      c('MatchOr', 'pattern* patterns'),
    ],
    'int lineno, int col_offset, int end_lineno, int end_col_offset',
  ),

  sum('type_ignore', [c('TypeIgnore', 'int lineno, string tag')]),

  sum(
    'type_param',
    [
      c('TypeVar', 'identifier name, expr? bound, expr? default_value'),
      c('ParamSpec', 'identifier name, expr? default_value'),
      c('TypeVarTuple', 'identifier name, expr? default_value'),
    ],
    'int lineno, int col_offset, int end_lineno, int end_col_offset',
  ),
];
