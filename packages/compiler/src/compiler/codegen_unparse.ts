// An expression back to source text, for `from __future__ import annotations`
// (annotations stored as strings). CPython: Python/ast_unparse.c
import { Ellipsis, PyComplex, PyFloat, PyTuple, pyRepr, pyStr, type PyConst, type PyWideStr } from '@tspy/bytecode';
import * as ast from '../ast/nodes.js';
import { NodeKind } from '../ast/nodes.js';

// Priority levels (CPython: ast_unparse.c PR_*)
const PR_TUPLE = 0;
const PR_TEST = 1; // 'if'-'else', 'lambda'
const PR_OR = 2;
const PR_AND = 3;
const PR_NOT = 4;
const PR_CMP = 5;
const PR_EXPR = 6;
const PR_BOR = PR_EXPR;
const PR_BXOR = 7;
const PR_BAND = 8;
const PR_SHIFT = 9;
const PR_ARITH = 10;
const PR_TERM = 11;
const PR_FACTOR = 12;
const PR_POWER = 13;
const PR_AWAIT = 14;
const PR_ATOM = 15;

/** The source text of an annotation (CPython: ast_unparse.c _PyAST_ExprAsUnicode). */
export function exprAsUnicode(e: ast.expr): string | PyWideStr {
  return pyStr(exprAsString(e, PR_TEST));
}

function exprAsString(e: ast.expr, level: number): string {
  const out: string[] = [];
  appendExpr(out, e, level);
  return out.join('');
}

/** repr(), with `inf` spelled as an overflowing literal (CPython: append_repr, replace_inf_value). */
function appendRepr(out: string[], value: PyConst): void {
  let repr = pyRepr(value);
  if (value instanceof PyFloat || value instanceof PyComplex) repr = repr.replaceAll('inf', '1e309');
  out.push(repr);
}

const BINOPS: Record<number, [string, number]> = {
  [NodeKind.Add]: [' + ', PR_ARITH], [NodeKind.Sub]: [' - ', PR_ARITH], [NodeKind.Mult]: [' * ', PR_TERM],
  [NodeKind.MatMult]: [' @ ', PR_TERM], [NodeKind.Div]: [' / ', PR_TERM], [NodeKind.Mod]: [' % ', PR_TERM],
  [NodeKind.LShift]: [' << ', PR_SHIFT], [NodeKind.RShift]: [' >> ', PR_SHIFT], [NodeKind.BitOr]: [' | ', PR_BOR],
  [NodeKind.BitXor]: [' ^ ', PR_BXOR], [NodeKind.BitAnd]: [' & ', PR_BAND], [NodeKind.FloorDiv]: [' // ', PR_TERM],
  [NodeKind.Pow]: [' ** ', PR_POWER],
};

const UNARYOPS: Record<number, [string, number]> = {
  [NodeKind.Invert]: ['~', PR_FACTOR], [NodeKind.Not]: ['not ', PR_NOT],
  [NodeKind.UAdd]: ['+', PR_FACTOR], [NodeKind.USub]: ['-', PR_FACTOR],
};

const CMPOPS: Record<number, string> = {
  [NodeKind.Eq]: ' == ', [NodeKind.NotEq]: ' != ', [NodeKind.Lt]: ' < ', [NodeKind.LtE]: ' <= ',
  [NodeKind.Gt]: ' > ', [NodeKind.GtE]: ' >= ', [NodeKind.Is]: ' is ', [NodeKind.IsNot]: ' is not ',
  [NodeKind.In]: ' in ', [NodeKind.NotIn]: ' not in ',
};

function appendSeq(out: string[], elts: readonly ast.expr[], level: number): void {
  for (let i = 0; i < elts.length; i++) {
    if (i > 0) out.push(', ');
    appendExpr(out, elts[i]!, level);
  }
}

// CPython: ast_unparse.c append_ast_arg
function appendArg(out: string[], arg: ast.arg): void {
  out.push(arg.arg);
  if (arg.annotation !== undefined && arg.annotation !== null) {
    out.push(': ');
    appendExpr(out, arg.annotation, PR_TEST);
  }
}

// CPython: ast_unparse.c append_ast_args
function appendArgs(out: string[], args: ast.arguments_): void {
  let first = true;
  const sep = (): void => {
    if (!first) out.push(', ');
    first = false;
  };
  const nposonly = args.posonlyargs.length;
  const nargs = args.args.length;
  const ndefaults = args.defaults.length;
  for (let i = 0; i < nposonly + nargs; i++) {
    sep();
    appendArg(out, i < nposonly ? args.posonlyargs[i]! : args.args[i - nposonly]!);
    const di = i - nposonly - nargs + ndefaults;
    if (di >= 0) {
      out.push('=');
      appendExpr(out, args.defaults[di]!, PR_TEST);
    }
    if (nposonly && i + 1 === nposonly) out.push(', /');
  }
  if ((args.vararg !== undefined && args.vararg !== null) || args.kwonlyargs.length > 0) {
    sep();
    out.push('*');
    if (args.vararg !== undefined && args.vararg !== null) appendArg(out, args.vararg);
  }
  const nkw = args.kwonlyargs.length;
  const nkwDefaults = args.kw_defaults.length;
  for (let i = 0; i < nkw; i++) {
    sep();
    appendArg(out, args.kwonlyargs[i]!);
    const di = i - nkw + nkwDefaults;
    const d = di >= 0 ? args.kw_defaults[di] : undefined;
    if (d !== undefined && d !== null) {
      out.push('=');
      appendExpr(out, d, PR_TEST);
    }
  }
  if (args.kwarg !== undefined && args.kwarg !== null) {
    sep();
    out.push('**');
    appendArg(out, args.kwarg);
  }
}

// CPython: ast_unparse.c append_ast_comprehensions
function appendComprehensions(out: string[], gens: readonly ast.comprehension[]): void {
  for (const gen of gens) {
    out.push(gen.is_async ? ' async for ' : ' for ');
    appendExpr(out, gen.target, PR_TUPLE);
    out.push(' in ');
    appendExpr(out, gen.iter, PR_TEST + 1);
    for (const cond of gen.ifs) {
      out.push(' if ');
      appendExpr(out, cond, PR_TEST + 1);
    }
  }
}

function escapeBraces(s: string): string {
  return s.replaceAll('{', '{{').replaceAll('}', '}}');
}

// CPython: ast_unparse.c append_fstring_element
function appendFstringElement(out: string[], e: ast.expr, isFormatSpec: boolean): void {
  if (e instanceof ast.Constant) out.push(escapeBraces(String(e.value)));
  else if (e instanceof ast.JoinedStr) appendJoinedstr(out, e.values, isFormatSpec, 'f');
  else if (e instanceof ast.FormattedValue) appendFormattedValue(out, e.value, e.conversion, e.format_spec);
  else if (e instanceof ast.Interpolation) appendFormattedValue(out, e.value, e.conversion, e.format_spec);
  else throw new Error('unknown expression kind inside f-string');
}

// CPython: ast_unparse.c append_joinedstr (build_fstring_body)
function appendJoinedstr(out: string[], values: readonly ast.expr[], isFormatSpec: boolean, prefix: string): void {
  const body: string[] = [];
  for (const v of values) appendFstringElement(body, v, isFormatSpec);
  const text = body.join('');
  if (isFormatSpec) {
    out.push(text);
  } else {
    out.push(prefix);
    appendRepr(out, pyStr(text));
  }
}

// CPython: ast_unparse.c append_formattedvalue
function appendFormattedValue(out: string[], value: ast.expr, conversion: number, formatSpec: ast.expr | undefined): void {
  // The grammar allows PR_TUPLE; > PR_TEST parenthesizes a lambda with its ':'.
  const text = exprAsString(value, PR_TEST + 1);
  // An expression starting with a brace is split from the outer one by a space.
  out.push(text.startsWith('{') ? '{ ' : '{', text);
  if (conversion > 0) out.push('!' + String.fromCharCode(conversion));
  if (formatSpec !== undefined && formatSpec !== null) {
    out.push(':');
    appendFstringElement(out, formatSpec, true);
  }
  out.push('}');
}

// CPython: ast_unparse.c append_ast_constant
function appendConstant(out: string[], value: PyConst): void {
  if (value === Ellipsis) {
    out.push('...');
  } else if (value instanceof PyTuple) {
    out.push('(');
    value.items.forEach((item, i) => {
      if (i > 0) out.push(', ');
      appendRepr(out, item);
    });
    if (value.items.length === 1) out.push(',');
    out.push(')');
  } else {
    appendRepr(out, value);
  }
}

// CPython: ast_unparse.c append_ast_expr
function appendExpr(out: string[], e: ast.expr, level: number): void {
  switch (e._kind) {
    case NodeKind.BoolOp: {
      const b = e as ast.BoolOp;
      const isAnd = b.op instanceof ast.And;
      const pr = isAnd ? PR_AND : PR_OR;
      if (level > pr) out.push('(');
      b.values.forEach((v, i) => {
        if (i > 0) out.push(isAnd ? ' and ' : ' or ');
        appendExpr(out, v, pr + 1);
      });
      if (level > pr) out.push(')');
      return;
    }
    case NodeKind.BinOp: {
      const b = e as ast.BinOp;
      const [op, pr] = BINOPS[b.op._kind]!;
      const rassoc = b.op instanceof ast.Pow ? 1 : 0;
      if (level > pr) out.push('(');
      appendExpr(out, b.left, pr + rassoc);
      out.push(op);
      appendExpr(out, b.right, pr + 1 - rassoc);
      if (level > pr) out.push(')');
      return;
    }
    case NodeKind.UnaryOp: {
      const u = e as ast.UnaryOp;
      const [op, pr] = UNARYOPS[u.op._kind]!;
      if (level > pr) out.push('(');
      out.push(op);
      appendExpr(out, u.operand, pr);
      if (level > pr) out.push(')');
      return;
    }
    case NodeKind.Lambda: {
      const l = e as ast.Lambda;
      if (level > PR_TEST) out.push('(');
      out.push(l.args.args.length + l.args.posonlyargs.length ? 'lambda ' : 'lambda');
      appendArgs(out, l.args);
      out.push(': ');
      appendExpr(out, l.body, PR_TEST);
      if (level > PR_TEST) out.push(')');
      return;
    }
    case NodeKind.IfExp: {
      const i = e as ast.IfExp;
      if (level > PR_TEST) out.push('(');
      appendExpr(out, i.body, PR_TEST + 1);
      out.push(' if ');
      appendExpr(out, i.test, PR_TEST + 1);
      out.push(' else ');
      appendExpr(out, i.orelse, PR_TEST);
      if (level > PR_TEST) out.push(')');
      return;
    }
    case NodeKind.Dict: {
      const d = e as ast.Dict;
      out.push('{');
      d.values.forEach((v, i) => {
        if (i > 0) out.push(', ');
        const key = d.keys[i];
        if (key !== undefined && key !== null) {
          appendExpr(out, key, PR_TEST);
          out.push(': ');
          appendExpr(out, v, PR_TEST);
        } else {
          out.push('**');
          appendExpr(out, v, PR_EXPR);
        }
      });
      out.push('}');
      return;
    }
    case NodeKind.Set:
      out.push('{');
      appendSeq(out, (e as ast.Set).elts, PR_TEST);
      out.push('}');
      return;
    case NodeKind.GeneratorExp: {
      const g = e as ast.GeneratorExp;
      out.push('(');
      appendExpr(out, g.elt, PR_TEST);
      appendComprehensions(out, g.generators);
      out.push(')');
      return;
    }
    case NodeKind.ListComp: {
      const g = e as ast.ListComp;
      out.push('[');
      appendExpr(out, g.elt, PR_TEST);
      appendComprehensions(out, g.generators);
      out.push(']');
      return;
    }
    case NodeKind.SetComp: {
      const g = e as ast.SetComp;
      out.push('{');
      appendExpr(out, g.elt, PR_TEST);
      appendComprehensions(out, g.generators);
      out.push('}');
      return;
    }
    case NodeKind.DictComp: {
      const g = e as ast.DictComp;
      out.push('{');
      appendExpr(out, g.key, PR_TEST);
      out.push(': ');
      appendExpr(out, g.value, PR_TEST);
      appendComprehensions(out, g.generators);
      out.push('}');
      return;
    }
    case NodeKind.Yield: {
      const y = e as ast.Yield;
      if (y.value === undefined || y.value === null) {
        out.push('(yield)');
        return;
      }
      out.push('(yield ');
      appendExpr(out, y.value, PR_TEST);
      out.push(')');
      return;
    }
    case NodeKind.YieldFrom:
      out.push('(yield from ');
      appendExpr(out, (e as ast.YieldFrom).value, PR_TEST);
      out.push(')');
      return;
    case NodeKind.Await:
      if (level > PR_AWAIT) out.push('(');
      out.push('await ');
      appendExpr(out, (e as ast.Await).value, PR_ATOM);
      if (level > PR_AWAIT) out.push(')');
      return;
    case NodeKind.Compare: {
      const cmp = e as ast.Compare;
      if (level > PR_CMP) out.push('(');
      appendExpr(out, cmp.left, PR_CMP + 1);
      cmp.ops.forEach((op, i) => {
        out.push(CMPOPS[op._kind]!);
        appendExpr(out, cmp.comparators[i]!, PR_CMP + 1);
      });
      if (level > PR_CMP) out.push(')');
      return;
    }
    case NodeKind.Call:
      return appendCall(out, e as ast.Call);
    case NodeKind.Constant:
      return appendConstant(out, (e as ast.Constant).value);
    case NodeKind.JoinedStr:
      return appendJoinedstr(out, (e as ast.JoinedStr).values, false, 'f');
    case NodeKind.TemplateStr:
      return appendJoinedstr(out, (e as ast.TemplateStr).values, false, 't');
    case NodeKind.FormattedValue: {
      const f = e as ast.FormattedValue;
      return appendFormattedValue(out, f.value, f.conversion, f.format_spec);
    }
    case NodeKind.Interpolation: {
      const f = e as ast.Interpolation;
      return appendFormattedValue(out, f.value, f.conversion, f.format_spec);
    }
    case NodeKind.Attribute: {
      const a = e as ast.Attribute;
      appendExpr(out, a.value, PR_ATOM);
      // An int needs a space before the period to stay unambiguous.
      const v = a.value;
      const isInt = v instanceof ast.Constant && (typeof v.value === 'number' || typeof v.value === 'bigint');
      out.push(isInt ? ' .' : '.', a.attr);
      return;
    }
    case NodeKind.Subscript: {
      const s = e as ast.Subscript;
      appendExpr(out, s.value, PR_ATOM);
      out.push('[');
      appendExpr(out, s.slice, PR_TUPLE);
      out.push(']');
      return;
    }
    case NodeKind.Starred:
      out.push('*');
      appendExpr(out, (e as ast.Starred).value, PR_EXPR);
      return;
    case NodeKind.Slice: {
      const s = e as ast.Slice;
      if (s.lower !== undefined && s.lower !== null) appendExpr(out, s.lower, PR_TEST);
      out.push(':');
      if (s.upper !== undefined && s.upper !== null) appendExpr(out, s.upper, PR_TEST);
      if (s.step !== undefined && s.step !== null) {
        out.push(':');
        appendExpr(out, s.step, PR_TEST);
      }
      return;
    }
    case NodeKind.Name:
      out.push((e as ast.Name).id);
      return;
    case NodeKind.List:
      out.push('[');
      appendSeq(out, (e as ast.List).elts, PR_TEST);
      out.push(']');
      return;
    case NodeKind.Tuple: {
      const elts = (e as ast.Tuple).elts;
      if (elts.length === 0) {
        out.push('()');
        return;
      }
      if (level > PR_TUPLE) out.push('(');
      appendSeq(out, elts, PR_TEST);
      if (elts.length === 1) out.push(',');
      if (level > PR_TUPLE) out.push(')');
      return;
    }
    case NodeKind.NamedExpr: {
      const n = e as ast.NamedExpr;
      if (level > PR_TUPLE) out.push('(');
      appendExpr(out, n.target, PR_ATOM);
      out.push(' := ');
      appendExpr(out, n.value, PR_ATOM);
      if (level > PR_TUPLE) out.push(')');
      return;
    }
    default:
      throw new Error('unknown expression kind');
  }
}

// CPython: ast_unparse.c append_ast_call
function appendCall(out: string[], e: ast.Call): void {
  appendExpr(out, e.func, PR_ATOM);
  if (e.args.length === 1 && e.keywords.length === 0 && e.args[0] instanceof ast.GeneratorExp) {
    // A single generator expression needs no parentheses of its own.
    appendExpr(out, e.args[0], PR_TEST);
    return;
  }
  out.push('(');
  let first = true;
  for (const arg of e.args) {
    if (!first) out.push(', ');
    first = false;
    appendExpr(out, arg, PR_TEST);
  }
  for (const kw of e.keywords) {
    if (!first) out.push(', ');
    first = false;
    if (kw.arg === undefined || kw.arg === null) out.push('**');
    else out.push(kw.arg, '=');
    appendExpr(out, kw.value, PR_TEST);
  }
  out.push(')');
}
