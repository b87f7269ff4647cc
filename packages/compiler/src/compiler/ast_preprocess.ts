// AST preprocessing before the symbol table: the few folds 3.14 still does on the AST
// (`__debug__`, `%`-formatting into f-strings, negative/complex constants in patterns),
// docstring removal under -OO, and the PEP 765 warnings for return/break/continue in
// `finally`. CPython: Python/ast_preprocess.c
//
// CPython rewrites an expression node in place (make_const, COPY_NODE). tspy's node
// classes are fixed, so each fold returns the replacement and the parent stores it:
// every `astfoldExpr` call site assigns its result back.
import { PyComplex, PyFloat, PyWideStr, pyInt, pyStr, strCodePoints, type PyConst } from '@tspy/bytecode';
import * as ast from '../ast/nodes.js';
import { NodeKind } from '../ast/nodes.js';
import type { ParseWarning } from '../parser/parse.js';
import { CO_FUTURE_ANNOTATIONS, getDocString } from './future.js';
import { compilationRecursionError, isStackOverflow } from './symtable.js';

/** A compile-time warning with CPython's location (columns 1-based, as `_PyErr_EmitSyntaxWarning` gets them). */
export interface PreprocessWarning extends ParseWarning {
  offset: number;
  endLineno: number;
  endOffset: number;
}

/** CPython: ast_preprocess.c ControlFlowInFinallyContext (PEP 765) */
interface ControlFlowContext {
  inFinally: boolean;
  inFuncdef: boolean;
  inLoop: boolean;
}

/** CPython: ast_preprocess.c _PyASTPreprocessState */
class PreprocessState {
  readonly cfFinally: ControlFlowContext[] = [];
  constructor(
    readonly filename: string,
    readonly optimize: number,
    readonly ffFeatures: number,
    readonly syntaxCheckOnly: boolean,
    readonly warnings: ParseWarning[] | undefined,
  ) {}

  get futureAnnotations(): boolean {
    return (this.ffFeatures & CO_FUTURE_ANNOTATIONS) !== 0;
  }
}

/**
 * Preprocesses `mod` in place. `warnings` receives the PEP 765 SyntaxWarnings
 * ("'return' in a 'finally' block", …) as `PreprocessWarning`s.
 * CPython: Python/ast_preprocess.c _PyAST_Preprocess
 */
export function astPreprocess(
  mod: ast.mod, filename: string, optimize: number, ffFeatures: number, syntaxCheckOnly: boolean,
  warnings?: ParseWarning[],
): void {
  try {
    astfoldMod(mod, new PreprocessState(filename, optimize, ffFeatures, syntaxCheckOnly, warnings));
  } catch (e) {
    throw isStackOverflow(e) ? compilationRecursionError(filename) : e;
  }
}

// ---------------------------------------------------------------------------
// PEP 765: control flow in finally blocks

/** CPython: ast_preprocess.c push_cf_context (BEFORE_FINALLY / BEFORE_FUNC_BODY / BEFORE_LOOP_BODY) */
function pushCfContext(state: PreprocessState, inFinally: boolean, inFuncdef: boolean, inLoop: boolean): void {
  state.cfFinally.push({ inFinally, inFuncdef, inLoop });
}

/** CPython: ast_preprocess.c pop_cf_context */
function popCfContext(state: PreprocessState): void {
  state.cfFinally.pop();
}

/** CPython: ast_preprocess.c control_flow_in_finally_warning */
function controlFlowInFinallyWarning(kw: string, n: ast.stmt, state: PreprocessState): void {
  const w: PreprocessWarning = {
    message: `'${kw}' in a 'finally' block`, category: 'SyntaxWarning',
    lineno: n.lineno, offset: n.col_offset + 1, endLineno: n.end_lineno, endOffset: n.end_col_offset + 1,
  };
  state.warnings?.push(w);
}

/** CPython: ast_preprocess.c before_return */
function beforeReturn(state: PreprocessState, node: ast.stmt): void {
  const ctx = state.cfFinally[state.cfFinally.length - 1];
  if (ctx !== undefined && ctx.inFinally && !ctx.inFuncdef) controlFlowInFinallyWarning('return', node, state);
}

/** CPython: ast_preprocess.c before_loop_exit */
function beforeLoopExit(state: PreprocessState, node: ast.stmt, kw: string): void {
  const ctx = state.cfFinally[state.cfFinally.length - 1];
  if (ctx !== undefined && ctx.inFinally && !ctx.inLoop) controlFlowInFinallyWarning(kw, node, state);
}

// ---------------------------------------------------------------------------
// Folding helpers

/** A Constant replacing `node`, at its position. CPython: ast_preprocess.c make_const */
function makeConst(node: ast.expr, value: PyConst): ast.Constant {
  return new ast.Constant(value, undefined, node.lineno, node.col_offset, node.end_lineno, node.end_col_offset);
}

/** CPython: ast_preprocess.c has_starred */
function hasStarred(elts: readonly ast.expr[]): boolean {
  for (const e of elts) if (e._kind === NodeKind.Starred) return true;
  return false;
}

const PERCENT = 0x25;

/** A str from code points; a Constant without a position (CPython passes -1s). */
function positionlessConstant(cps: ArrayLike<number>): ast.Constant {
  return new ast.Constant(pyStr(Array.from(cps)), undefined, -1, -1, -1, -1);
}

/**
 * The literal text from `pos` up to the next lone `%` (with `%%` turned into `%`), or
 * undefined when there is none; advances `cursor.pos`.
 * CPython: ast_preprocess.c parse_literal
 */
function parseLiteral(fmt: Uint32Array, cursor: { pos: number }): ast.Constant | undefined {
  const size = fmt.length;
  const start = cursor.pos;
  let pos = start;
  let hasPercents = false;
  while (pos < size) {
    if (fmt[pos] !== PERCENT) pos++;
    else if (pos + 1 < size && fmt[pos + 1] === PERCENT) {
      hasPercents = true;
      pos += 2;
    } else break;
  }
  cursor.pos = pos;
  if (pos === start) return undefined;
  let cps: ArrayLike<number> = fmt.subarray(start, pos);
  if (hasPercents) {
    const out: number[] = [];
    for (let i = 0; i < cps.length; i++) {
      out.push(cps[i]!);
      if (cps[i] === PERCENT && cps[i + 1] === PERCENT) i++;
    }
    cps = out;
  }
  return positionlessConstant(cps);
}

// pycore_format.h flags
const F_LJUST = 1 << 0;
const F_SIGN = 1 << 1;
const F_BLANK = 1 << 2;
const F_ALT = 1 << 3;
const F_ZERO = 1 << 4;
const MAXDIGITS = 3;

interface FormatArg {
  spec: number;
  flags: number;
  width: number;
  prec: number;
}

/**
 * Parses one conversion after `%`: flags, width and precision of at most two digits, and
 * the conversion character; undefined when unsupported (or cut short).
 * CPython: ast_preprocess.c simple_format_arg_parse
 */
function simpleFormatArgParse(fmt: Uint32Array, cursor: { pos: number }): FormatArg | undefined {
  let pos = cursor.pos;
  const len = fmt.length;
  let ch: number;
  let flags = 0;
  let width = -1;
  let prec = -1;
  for (;;) {
    if (pos >= len) return undefined;
    ch = fmt[pos++]!;
    if (ch === 0x2d) flags |= F_LJUST;
    else if (ch === 0x2b) flags |= F_SIGN;
    else if (ch === 0x20) flags |= F_BLANK;
    else if (ch === 0x23) flags |= F_ALT;
    else if (ch === 0x30) flags |= F_ZERO;
    else break;
  }
  if (ch >= 0x30 && ch <= 0x39) {
    width = 0;
    let digits = 0;
    while (ch >= 0x30 && ch <= 0x39) {
      width = width * 10 + (ch - 0x30);
      if (pos >= len) return undefined;
      ch = fmt[pos++]!;
      if (++digits >= MAXDIGITS) return undefined;
    }
  }
  if (ch === 0x2e) {
    if (pos >= len) return undefined;
    ch = fmt[pos++]!;
    prec = 0;
    if (ch >= 0x30 && ch <= 0x39) {
      let digits = 0;
      while (ch >= 0x30 && ch <= 0x39) {
        prec = prec * 10 + (ch - 0x30);
        if (pos >= len) return undefined;
        ch = fmt[pos++]!;
        if (++digits >= MAXDIGITS) return undefined;
      }
    }
  }
  cursor.pos = pos;
  return { spec: ch, flags, width, prec };
}

/**
 * One `%s`/`%r`/`%a` conversion as a FormattedValue of `arg`; undefined when unsupported.
 * CPython: ast_preprocess.c parse_format
 */
function parseFormat(fmt: Uint32Array, cursor: { pos: number }, arg: ast.expr): ast.FormattedValue | undefined {
  const f = simpleFormatArgParse(fmt, cursor);
  if (f === undefined) return undefined;
  const { spec, flags, width, prec } = f;
  if (spec !== 0x73 && spec !== 0x72 && spec !== 0x61) return undefined; // s, r, a
  let buf = '';
  if (!(flags & F_LJUST) && width > 0) buf += '>';
  if (width >= 0) buf += String(width);
  if (prec >= 0) buf += '.' + String(prec);
  const formatSpec = buf === '' ? undefined : new ast.Constant(buf, undefined, -1, -1, -1, -1);
  return new ast.FormattedValue(arg, spec, formatSpec, arg.lineno, arg.col_offset, arg.end_lineno, arg.end_col_offset);
}

/**
 * `'...' % (a, b)` with only %s/%r/%a conversions becomes an f-string; returns `node`
 * itself when the format is unsupported or the counts don't match.
 * CPython: ast_preprocess.c optimize_format
 */
function optimizeFormat(node: ast.BinOp, fmtValue: string | PyWideStr, elts: readonly ast.expr[]): ast.expr {
  const fmt = strCodePoints(fmtValue);
  const cursor = { pos: 0 };
  let cnt = 0;
  const seq: ast.expr[] = [];
  for (;;) {
    const lit = parseLiteral(fmt, cursor);
    if (lit !== undefined) seq.push(lit);
    if (cursor.pos >= fmt.length) break;
    if (cnt >= elts.length) return node; // more format units than items
    cursor.pos++; // the '%'
    const expr = parseFormat(fmt, cursor, elts[cnt]!);
    cnt++;
    if (expr === undefined) return node;
    seq.push(expr);
  }
  if (cnt < elts.length) return node; // more items than format units
  return new ast.JoinedStr(seq, node.lineno, node.col_offset, node.end_lineno, node.end_col_offset);
}

/** CPython: ast_preprocess.c fold_binop */
function foldBinop(node: ast.BinOp, state: PreprocessState): ast.expr {
  if (state.syntaxCheckOnly) return node;
  const lhs = node.left;
  const rhs = node.right;
  if (lhs._kind !== NodeKind.Constant) return node;
  const lv = (lhs as ast.Constant).value;
  if (node.op._kind === NodeKind.Mod && rhs._kind === NodeKind.Tuple
    && (typeof lv === 'string' || lv instanceof PyWideStr) && !hasStarred((rhs as ast.Tuple).elts)) {
    return optimizeFormat(node, lv, (rhs as ast.Tuple).elts);
  }
  return node;
}

// ---------------------------------------------------------------------------
// Numbers in patterns (PyNumber_Negative / PyNumber_Add / PyNumber_Subtract on constants)

/** A real constant's value as a double, or undefined (not real, or an int too large: OverflowError). */
function realAsDouble(v: PyConst): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') {
    const d = Number(v);
    return Number.isFinite(d) ? d : undefined;
  }
  if (v instanceof PyFloat) return v.value;
  return undefined;
}

/** -v, or undefined where Python would raise. */
function negative(v: PyConst): PyConst | undefined {
  if (typeof v === 'number') return pyInt(v === 0 ? 0 : -v);
  if (typeof v === 'bigint') return pyInt(-v);
  if (typeof v === 'boolean') return v ? -1 : 0;
  if (v instanceof PyFloat) return new PyFloat(-v.value);
  if (v instanceof PyComplex) return new PyComplex(-v.real, -v.imag);
  return undefined;
}

/**
 * left ± right for a real left and a complex right (what pattern grammar allows), with
 * 3.14's mixed-mode rules: the real operand does not touch the imaginary part.
 * Undefined where Python would raise or the operands are of other kinds.
 */
function addOrSubtract(left: PyConst, right: PyConst, subtract: boolean): PyConst | undefined {
  const a = realAsDouble(left);
  if (a === undefined) {
    if (left instanceof PyComplex && right instanceof PyComplex) {
      return subtract ? new PyComplex(left.real - right.real, left.imag - right.imag)
        : new PyComplex(left.real + right.real, left.imag + right.imag);
    }
    return undefined;
  }
  if (right instanceof PyComplex) {
    return subtract ? new PyComplex(a - right.real, -right.imag) : new PyComplex(a + right.real, right.imag);
  }
  const b = realAsDouble(right);
  if (b === undefined) return undefined;
  // Real ± real: ints stay ints, a float makes a float.
  const bothInts = !(left instanceof PyFloat) && !(right instanceof PyFloat);
  if (bothInts) {
    const x = BigInt(left as number | bigint | boolean) , y = BigInt(right as number | bigint | boolean);
    return pyInt(subtract ? x - y : x + y);
  }
  return new PyFloat(subtract ? a - b : a + b);
}

/** CPython: ast_preprocess.c fold_const_match_patterns */
function foldConstMatchPatterns(node: ast.expr, state: PreprocessState): ast.expr {
  if (state.syntaxCheckOnly) return node;
  switch (node._kind) {
    case NodeKind.UnaryOp: {
      const u = node as ast.UnaryOp;
      if (u.op._kind === NodeKind.USub && u.operand._kind === NodeKind.Constant) {
        const folded = negative((u.operand as ast.Constant).value);
        return folded === undefined ? node : makeConst(node, folded);
      }
      break;
    }
    case NodeKind.BinOp: {
      const b = node as ast.BinOp;
      const op = b.op._kind;
      if ((op === NodeKind.Add || op === NodeKind.Sub) && b.right._kind === NodeKind.Constant) {
        b.left = foldConstMatchPatterns(b.left, state);
        if (b.left._kind === NodeKind.Constant) {
          const folded = addOrSubtract((b.left as ast.Constant).value, (b.right as ast.Constant).value, op === NodeKind.Sub);
          return folded === undefined ? node : makeConst(node, folded);
        }
      }
      break;
    }
  }
  return node;
}

// ---------------------------------------------------------------------------
// The walk

function foldExprs(seq: (ast.expr | undefined)[], state: PreprocessState): void {
  for (let i = 0; i < seq.length; i++) {
    const e = seq[i];
    if (e === undefined) continue;
    const folded = astfoldExpr(e, state);
    if (folded !== e) seq[i] = folded; // store only what changed
  }
}

function foldStmts(seq: readonly ast.stmt[], state: PreprocessState): void {
  for (let i = 0; i < seq.length; i++) astfoldStmt(seq[i]!, state);
}

/** CPython: ast_preprocess.c astfold_body */
function astfoldBody(stmts: ast.stmt[], state: PreprocessState): void {
  let docstring = getDocString(stmts) !== undefined;
  if (docstring && state.optimize >= 2) {
    // Remove the docstring; a body left empty gets a `pass` where the docstring began.
    const doc = stmts[0]!;
    if (stmts.length === 1) {
      stmts[0] = new ast.Pass(doc.lineno, doc.col_offset, doc.lineno, doc.col_offset + 4);
    } else {
      stmts.splice(0, 1);
    }
    docstring = false;
  }
  foldStmts(stmts, state);
  // A string statement that now comes first must not become the docstring.
  if (!docstring && getDocString(stmts) !== undefined) {
    const st = stmts[0] as ast.Expr;
    st.value = new ast.JoinedStr([st.value], st.lineno, st.col_offset, st.end_lineno, st.end_col_offset);
  }
}

/** CPython: ast_preprocess.c astfold_mod */
function astfoldMod(node: ast.mod, state: PreprocessState): void {
  switch (node._kind) {
    case NodeKind.Module:
      astfoldBody((node as ast.Module).body, state);
      break;
    case NodeKind.Interactive:
      foldStmts((node as ast.Interactive).body, state);
      break;
    case NodeKind.Expression:
      (node as ast.Expression).body = astfoldExpr((node as ast.Expression).body, state);
      break;
    // FunctionType doesn't participate in folding.
  }
}

/** Folds `node`'s subexpressions and returns its replacement (itself, usually). CPython: ast_preprocess.c astfold_expr */
function astfoldExpr(node: ast.expr, state: PreprocessState): ast.expr {
  switch (node._kind) {
    case NodeKind.BoolOp:
      foldExprs((node as ast.BoolOp).values, state);
      break;
    case NodeKind.BinOp:
      return astfoldBinOpChain(node as ast.BinOp, state);
    case NodeKind.UnaryOp:
      (node as ast.UnaryOp).operand = astfoldExpr((node as ast.UnaryOp).operand, state);
      break;
    case NodeKind.Lambda:
      astfoldArguments((node as ast.Lambda).args, state);
      (node as ast.Lambda).body = astfoldExpr((node as ast.Lambda).body, state);
      break;
    case NodeKind.IfExp: {
      const i = node as ast.IfExp;
      i.test = astfoldExpr(i.test, state);
      i.body = astfoldExpr(i.body, state);
      i.orelse = astfoldExpr(i.orelse, state);
      break;
    }
    case NodeKind.Dict:
      foldExprs((node as ast.Dict).keys, state);
      foldExprs((node as ast.Dict).values, state);
      break;
    case NodeKind.Set:
      foldExprs((node as ast.Set).elts, state);
      break;
    case NodeKind.ListComp:
    case NodeKind.SetComp:
    case NodeKind.GeneratorExp: {
      const c = node as ast.ListComp | ast.SetComp | ast.GeneratorExp;
      c.elt = astfoldExpr(c.elt, state);
      for (const g of c.generators) astfoldComprehension(g, state);
      break;
    }
    case NodeKind.DictComp: {
      const d = node as ast.DictComp;
      d.key = astfoldExpr(d.key, state);
      d.value = astfoldExpr(d.value, state);
      for (const g of d.generators) astfoldComprehension(g, state);
      break;
    }
    case NodeKind.Await:
      (node as ast.Await).value = astfoldExpr((node as ast.Await).value, state);
      break;
    case NodeKind.Yield: {
      const y = node as ast.Yield;
      if (y.value !== undefined) y.value = astfoldExpr(y.value, state);
      break;
    }
    case NodeKind.YieldFrom:
      (node as ast.YieldFrom).value = astfoldExpr((node as ast.YieldFrom).value, state);
      break;
    case NodeKind.Compare:
      (node as ast.Compare).left = astfoldExpr((node as ast.Compare).left, state);
      foldExprs((node as ast.Compare).comparators, state);
      break;
    case NodeKind.Call: {
      const c = node as ast.Call;
      c.func = astfoldExpr(c.func, state);
      foldExprs(c.args, state);
      for (const k of c.keywords) k.value = astfoldExpr(k.value, state);
      break;
    }
    case NodeKind.FormattedValue:
    case NodeKind.Interpolation: {
      const f = node as ast.FormattedValue | ast.Interpolation;
      f.value = astfoldExpr(f.value, state);
      if (f.format_spec !== undefined) f.format_spec = astfoldExpr(f.format_spec, state);
      break;
    }
    case NodeKind.JoinedStr:
      foldExprs((node as ast.JoinedStr).values, state);
      break;
    case NodeKind.TemplateStr:
      foldExprs((node as ast.TemplateStr).values, state);
      break;
    case NodeKind.Attribute:
      (node as ast.Attribute).value = astfoldExpr((node as ast.Attribute).value, state);
      break;
    case NodeKind.Subscript:
      (node as ast.Subscript).value = astfoldExpr((node as ast.Subscript).value, state);
      (node as ast.Subscript).slice = astfoldExpr((node as ast.Subscript).slice, state);
      break;
    case NodeKind.Starred:
      (node as ast.Starred).value = astfoldExpr((node as ast.Starred).value, state);
      break;
    case NodeKind.Slice: {
      const s = node as ast.Slice;
      if (s.lower !== undefined) s.lower = astfoldExpr(s.lower, state);
      if (s.upper !== undefined) s.upper = astfoldExpr(s.upper, state);
      if (s.step !== undefined) s.step = astfoldExpr(s.step, state);
      break;
    }
    case NodeKind.List:
      foldExprs((node as ast.List).elts, state);
      break;
    case NodeKind.Tuple:
      foldExprs((node as ast.Tuple).elts, state);
      break;
    case NodeKind.Name: {
      if (state.syntaxCheckOnly) break;
      const n = node as ast.Name;
      if (n.ctx._kind === NodeKind.Load && n.id === '__debug__') return makeConst(node, !state.optimize);
      break;
    }
    case NodeKind.NamedExpr:
      (node as ast.NamedExpr).value = astfoldExpr((node as ast.NamedExpr).value, state);
      break;
    case NodeKind.Constant:
      break;
  }
  return node;
}

/**
 * The BinOp case of astfold_expr over a left-nested chain `a + b + c + …`, innermost
 * first, without recursing down the left spine (long chains would exhaust the JavaScript
 * stack). Each BinOp's folded replacement becomes the left operand of its parent.
 */
function astfoldBinOpChain(node: ast.BinOp, state: PreprocessState): ast.expr {
  const spine: ast.BinOp[] = [];
  let e: ast.expr = node;
  while (e._kind === NodeKind.BinOp) {
    spine.push(e as ast.BinOp);
    e = (e as ast.BinOp).left;
  }
  let folded = astfoldExpr(e, state);
  for (let i = spine.length - 1; i >= 0; i--) {
    const b = spine[i]!;
    b.left = folded;
    b.right = astfoldExpr(b.right, state);
    folded = foldBinop(b, state);
  }
  return folded;
}

/** CPython: ast_preprocess.c astfold_comprehension */
function astfoldComprehension(node: ast.comprehension, state: PreprocessState): void {
  node.target = astfoldExpr(node.target, state);
  node.iter = astfoldExpr(node.iter, state);
  foldExprs(node.ifs, state);
}

/** CPython: ast_preprocess.c astfold_arguments */
function astfoldArguments(node: ast.arguments, state: PreprocessState): void {
  for (const a of node.posonlyargs) astfoldArg(a, state);
  for (const a of node.args) astfoldArg(a, state);
  if (node.vararg !== undefined) astfoldArg(node.vararg, state);
  for (const a of node.kwonlyargs) astfoldArg(a, state);
  foldExprs(node.kw_defaults, state);
  if (node.kwarg !== undefined) astfoldArg(node.kwarg, state);
  foldExprs(node.defaults, state);
}

/** CPython: ast_preprocess.c astfold_arg */
function astfoldArg(node: ast.arg, state: PreprocessState): void {
  if (!state.futureAnnotations && node.annotation !== undefined) node.annotation = astfoldExpr(node.annotation, state);
}

/** CPython: ast_preprocess.c astfold_stmt */
function astfoldStmt(node: ast.stmt, state: PreprocessState): void {
  switch (node._kind) {
    case NodeKind.FunctionDef:
    case NodeKind.AsyncFunctionDef: {
      const f = node as ast.FunctionDef | ast.AsyncFunctionDef;
      for (const tp of f.type_params) astfoldTypeParam(tp, state);
      astfoldArguments(f.args, state);
      pushCfContext(state, false, true, false);
      astfoldBody(f.body, state);
      popCfContext(state);
      foldExprs(f.decorator_list, state);
      if (!state.futureAnnotations && f.returns !== undefined) f.returns = astfoldExpr(f.returns, state);
      break;
    }
    case NodeKind.ClassDef: {
      const c = node as ast.ClassDef;
      for (const tp of c.type_params) astfoldTypeParam(tp, state);
      foldExprs(c.bases, state);
      for (const k of c.keywords) k.value = astfoldExpr(k.value, state);
      astfoldBody(c.body, state);
      foldExprs(c.decorator_list, state);
      break;
    }
    case NodeKind.Return: {
      const r = node as ast.Return;
      beforeReturn(state, node);
      if (r.value !== undefined) r.value = astfoldExpr(r.value, state);
      break;
    }
    case NodeKind.Delete:
      foldExprs((node as ast.Delete).targets, state);
      break;
    case NodeKind.Assign:
      foldExprs((node as ast.Assign).targets, state);
      (node as ast.Assign).value = astfoldExpr((node as ast.Assign).value, state);
      break;
    case NodeKind.AugAssign:
      (node as ast.AugAssign).target = astfoldExpr((node as ast.AugAssign).target, state);
      (node as ast.AugAssign).value = astfoldExpr((node as ast.AugAssign).value, state);
      break;
    case NodeKind.AnnAssign: {
      const a = node as ast.AnnAssign;
      a.target = astfoldExpr(a.target, state);
      if (!state.futureAnnotations) a.annotation = astfoldExpr(a.annotation, state);
      if (a.value !== undefined) a.value = astfoldExpr(a.value, state);
      break;
    }
    case NodeKind.TypeAlias: {
      const t = node as ast.TypeAlias;
      t.name = astfoldExpr(t.name, state);
      for (const tp of t.type_params) astfoldTypeParam(tp, state);
      t.value = astfoldExpr(t.value, state);
      break;
    }
    case NodeKind.For:
    case NodeKind.AsyncFor: {
      const f = node as ast.For | ast.AsyncFor;
      f.target = astfoldExpr(f.target, state);
      f.iter = astfoldExpr(f.iter, state);
      pushCfContext(state, false, false, true);
      foldStmts(f.body, state);
      popCfContext(state);
      foldStmts(f.orelse, state);
      break;
    }
    case NodeKind.While: {
      const w = node as ast.While;
      w.test = astfoldExpr(w.test, state);
      pushCfContext(state, false, false, true);
      foldStmts(w.body, state);
      popCfContext(state);
      foldStmts(w.orelse, state);
      break;
    }
    case NodeKind.If: {
      const i = node as ast.If;
      i.test = astfoldExpr(i.test, state);
      foldStmts(i.body, state);
      foldStmts(i.orelse, state);
      break;
    }
    case NodeKind.With:
    case NodeKind.AsyncWith: {
      const w = node as ast.With | ast.AsyncWith;
      for (const item of w.items) astfoldWithitem(item, state);
      foldStmts(w.body, state);
      break;
    }
    case NodeKind.Raise: {
      const r = node as ast.Raise;
      if (r.exc !== undefined) r.exc = astfoldExpr(r.exc, state);
      if (r.cause !== undefined) r.cause = astfoldExpr(r.cause, state);
      break;
    }
    case NodeKind.Try:
    case NodeKind.TryStar: {
      const t = node as ast.Try | ast.TryStar;
      foldStmts(t.body, state);
      for (const h of t.handlers) astfoldExcepthandler(h as ast.ExceptHandler, state);
      foldStmts(t.orelse, state);
      pushCfContext(state, true, false, false);
      foldStmts(t.finalbody, state);
      popCfContext(state);
      break;
    }
    case NodeKind.Assert: {
      const a = node as ast.Assert;
      a.test = astfoldExpr(a.test, state);
      if (a.msg !== undefined) a.msg = astfoldExpr(a.msg, state);
      break;
    }
    case NodeKind.Expr:
      (node as ast.Expr).value = astfoldExpr((node as ast.Expr).value, state);
      break;
    case NodeKind.Match: {
      const m = node as ast.Match;
      m.subject = astfoldExpr(m.subject, state);
      for (const c of m.cases) astfoldMatchCase(c, state);
      break;
    }
    case NodeKind.Break:
      beforeLoopExit(state, node, 'break');
      break;
    case NodeKind.Continue:
      beforeLoopExit(state, node, 'continue');
      break;
    // Import, ImportFrom, Global, Nonlocal, Pass: nothing to fold.
  }
}

/** CPython: ast_preprocess.c astfold_excepthandler */
function astfoldExcepthandler(node: ast.ExceptHandler, state: PreprocessState): void {
  if (node.type !== undefined) node.type = astfoldExpr(node.type, state);
  foldStmts(node.body, state);
}

/** CPython: ast_preprocess.c astfold_withitem */
function astfoldWithitem(node: ast.withitem, state: PreprocessState): void {
  node.context_expr = astfoldExpr(node.context_expr, state);
  if (node.optional_vars !== undefined) node.optional_vars = astfoldExpr(node.optional_vars, state);
}

/** Forms negative and complex constants in patterns. CPython: ast_preprocess.c astfold_pattern */
function astfoldPattern(node: ast.pattern, state: PreprocessState): void {
  switch (node._kind) {
    case NodeKind.MatchValue:
      (node as ast.MatchValue).value = foldConstMatchPatterns((node as ast.MatchValue).value, state);
      break;
    case NodeKind.MatchSequence:
      for (const p of (node as ast.MatchSequence).patterns) astfoldPattern(p, state);
      break;
    case NodeKind.MatchMapping: {
      const m = node as ast.MatchMapping;
      for (let i = 0; i < m.keys.length; i++) m.keys[i] = foldConstMatchPatterns(m.keys[i]!, state);
      for (const p of m.patterns) astfoldPattern(p, state);
      break;
    }
    case NodeKind.MatchClass: {
      const m = node as ast.MatchClass;
      m.cls = astfoldExpr(m.cls, state);
      for (const p of m.patterns) astfoldPattern(p, state);
      for (const p of m.kwd_patterns) astfoldPattern(p, state);
      break;
    }
    case NodeKind.MatchAs: {
      const m = node as ast.MatchAs;
      if (m.pattern !== undefined) astfoldPattern(m.pattern, state);
      break;
    }
    case NodeKind.MatchOr:
      for (const p of (node as ast.MatchOr).patterns) astfoldPattern(p, state);
      break;
    // MatchSingleton, MatchStar: nothing to fold.
  }
}

/** CPython: ast_preprocess.c astfold_match_case */
function astfoldMatchCase(node: ast.match_case, state: PreprocessState): void {
  astfoldPattern(node.pattern, state);
  if (node.guard !== undefined) node.guard = astfoldExpr(node.guard, state);
  foldStmts(node.body, state);
}

/** CPython: ast_preprocess.c astfold_type_param */
function astfoldTypeParam(node: ast.type_param, state: PreprocessState): void {
  switch (node._kind) {
    case NodeKind.TypeVar: {
      const t = node as ast.TypeVar;
      if (t.bound !== undefined) t.bound = astfoldExpr(t.bound, state);
      if (t.default_value !== undefined) t.default_value = astfoldExpr(t.default_value, state);
      break;
    }
    case NodeKind.ParamSpec:
    case NodeKind.TypeVarTuple: {
      const t = node as ast.ParamSpec | ast.TypeVarTuple;
      if (t.default_value !== undefined) t.default_value = astfoldExpr(t.default_value, state);
      break;
    }
  }
}
