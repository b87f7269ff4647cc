// The SyntaxErrors CPython's compiler (not its parser) raises, for a parsed module:
// the subset that a statement keyword can cause — return/yield/await/async outside the
// right function, break/continue outside a loop, misplaced nonlocal/global, import *.
// tspy has no symtable or code generator yet; until it has, codeop's "does it compile"
// check (the keyword-typo suggestions) uses this.
// CPython: Python/symtable.c, Python/codegen.c (the error checks only)

import * as ast from './ast/nodes.js';
import { PySyntaxError } from './errors.js';

type ScopeKind = 'module' | 'class' | 'function' | 'async' | 'lambda' | 'comprehension' | 'genexp' | 'annotation';

class Scope {
  /** Names bound here (assignment, parameter, import, def, …). */
  readonly bound = new Set<string>();
  /** Names seen so far in source order (for "used prior to global declaration"). */
  readonly seen = new Set<string>();
  readonly params = new Set<string>();
  readonly globals = new Set<string>();
  readonly nonlocals: { name: string; node: ast.stmt }[] = [];
  readonly children: Scope[] = [];
  hasYield = false;
  returnsValue: ast.Return | undefined;

  constructor(readonly kind: ScopeKind, readonly parent: Scope | undefined) {
    parent?.children.push(this);
  }

  /** The function (or module/class) a comprehension or annotation runs in. */
  get functionLike(): Scope {
    let s: Scope = this;
    while ((s.kind === 'comprehension' || s.kind === 'annotation') && s.parent) s = s.parent;
    return s;
  }
}

interface Context {
  scope: Scope;
  inLoop: boolean;
  inExceptStar: boolean;
}

/** Throws the first compile-stage SyntaxError of `mod` that this checker knows, if any. */
export function checkCompileErrors(mod: ast.mod, filename: string): void {
  const module = new Scope('module', undefined);
  const checker = new Checker(filename);
  if (mod instanceof ast.Module || mod instanceof ast.Interactive) {
    checker.stmts(mod.body, { scope: module, inLoop: false, inExceptStar: false });
  } else if (mod instanceof ast.Expression) {
    checker.node(mod.body, { scope: module, inLoop: false, inExceptStar: false });
  }
  checker.resolveScopes(module);
}

class Checker {
  constructor(private readonly filename: string) {}

  /** The error at the node (its columns are UTF-8 bytes: callers only need the message so far). */
  fail(node: { lineno: number; col_offset: number; end_lineno: number; end_col_offset: number }, msg: string): never {
    throw new PySyntaxError('SyntaxError', msg, this.filename, node.lineno, node.col_offset + 1, undefined,
      node.end_lineno, node.end_col_offset + 1);
  }

  stmts(body: readonly ast.stmt[], ctx: Context): void {
    for (const s of body) this.node(s, ctx);
  }

  /** Visits any node: the cases that matter, else every child field. */
  node(node: unknown, ctx: Context): void {
    if (Array.isArray(node)) {
      for (const child of node) this.node(child, ctx);
      return;
    }
    if (node === null || typeof node !== 'object' || (node as object).constructor === undefined) return;
    const fields = ((node as object).constructor as { _fields?: readonly string[] })._fields;
    if (fields === undefined) return;
    if (this.special(node, ctx)) return;
    for (const field of fields) this.node((node as Record<string, unknown>)[field], ctx);
  }

  /** Handles the nodes with compile-stage rules; returns false to visit the children generically. */
  private special(node: unknown, ctx: Context): boolean {
    return this.scopeNode(node, ctx) || this.flowNode(node, ctx) || this.expressionNode(node, ctx) || this.bindingNode(node, ctx);
  }

  /** Nodes that open a scope: def, lambda, class, comprehensions. */
  private scopeNode(node: unknown, ctx: Context): boolean {
    const scope = ctx.scope;
    if (node instanceof ast.FunctionDef || node instanceof ast.AsyncFunctionDef) {
      this.node(node.decorator_list, ctx);
      this.argumentDefaults(node.args, ctx);
      bind(scope, node.name);
      const inner = new Scope(node instanceof ast.AsyncFunctionDef ? 'async' : 'function', scope);
      this.annotations(node.args, node.returns, ctx);
      this.parameters(node.args, inner);
      this.stmts(node.body, { scope: inner, inLoop: false, inExceptStar: false });
      this.finishFunction(inner);
      return true;
    }
    if (node instanceof ast.Lambda) {
      this.argumentDefaults(node.args, ctx);
      const inner = new Scope('lambda', scope);
      this.parameters(node.args, inner);
      this.node(node.body, { scope: inner, inLoop: false, inExceptStar: false });
      return true;
    }
    if (node instanceof ast.ClassDef) {
      this.node(node.decorator_list, ctx);
      this.node(node.bases, ctx);
      this.node(node.keywords, ctx);
      bind(scope, node.name);
      this.stmts(node.body, { scope: new Scope('class', scope), inLoop: false, inExceptStar: false });
      return true;
    }
    if (node instanceof ast.ListComp || node instanceof ast.SetComp || node instanceof ast.DictComp || node instanceof ast.GeneratorExp) {
      this.comprehension(node, ctx);
      return true;
    }
    return false;
  }

  /** return, break, continue, loops, async statements and except*. CPython: Python/codegen.c */
  private flowNode(node: unknown, ctx: Context): boolean {
    const scope = ctx.scope;
    if (node instanceof ast.Return) {
      if (!isFunction(scope)) this.fail(node, "'return' outside function");
      if (ctx.inExceptStar) this.fail(node, EXCEPT_STAR_EXIT);
      if (node.value !== undefined) scope.returnsValue ??= node;
      return false;
    }
    if (node instanceof ast.Break || node instanceof ast.Continue) {
      if (ctx.inExceptStar) this.fail(node, EXCEPT_STAR_EXIT);
      if (!ctx.inLoop) this.fail(node, node instanceof ast.Break ? "'break' outside loop" : "'continue' not properly in loop");
      return true;
    }
    if (node instanceof ast.For || node instanceof ast.AsyncFor || node instanceof ast.While) {
      if (node instanceof ast.AsyncFor && !isAsync(scope)) this.fail(node, "'async for' outside async function");
      if (node instanceof ast.While) this.node(node.test, ctx);
      else this.node([node.target, node.iter], ctx);
      this.stmts(node.body, { ...ctx, inLoop: true, inExceptStar: false });
      this.stmts(node.orelse, ctx);
      return true;
    }
    if (node instanceof ast.AsyncWith && !isAsync(scope)) this.fail(node, "'async with' outside async function");
    if (node instanceof ast.TryStar) {
      this.stmts(node.body, ctx);
      for (const handler of node.handlers) this.node(handler, { ...ctx, inLoop: false, inExceptStar: true });
      this.stmts(node.orelse, ctx);
      this.stmts(node.finalbody, ctx);
      return true;
    }
    return false;
  }

  /** yield and await: where a function may be a generator or a coroutine. */
  private expressionNode(node: unknown, ctx: Context): boolean {
    const scope = ctx.scope;
    if (node instanceof ast.Yield || node instanceof ast.YieldFrom) {
      if (scope.kind === 'comprehension' || scope.kind === 'genexp') this.fail(node, "'yield' inside list comprehension");
      if (scope.kind === 'annotation') this.fail(node, "'yield' expression cannot be used within an annotation");
      if (!isFunction(scope) && scope.kind !== 'lambda') this.fail(node, "'yield' outside function");
      if (node instanceof ast.YieldFrom && scope.kind === 'async') this.fail(node, "'yield from' inside async function");
      scope.hasYield = true;
      return false;
    }
    if (node instanceof ast.Await) {
      if (scope.kind === 'annotation') this.fail(node, "'await' expression cannot be used within an annotation");
      const outer = scope.functionLike;
      if (scope.kind !== 'genexp' && outer.kind !== 'async') {
        if (scope.kind === 'comprehension' && isFunction(outer)) {
          this.fail(node, 'asynchronous comprehension outside of an asynchronous function');
        }
        this.fail(node, isFunction(outer) || outer.kind === 'lambda' ? "'await' outside async function" : "'await' outside function");
      }
      return false;
    }
    return false;
  }

  /** Declarations, imports and names: what binds where. CPython: Python/symtable.c */
  private bindingNode(node: unknown, ctx: Context): boolean {
    const scope = ctx.scope;
    if (node instanceof ast.Global || node instanceof ast.Nonlocal) {
      this.declaration(node, scope);
      return true;
    }
    if (node instanceof ast.ImportFrom || node instanceof ast.Import) {
      for (const alias of node.names) {
        if (alias.name !== '*') bind(scope, alias.asname ?? alias.name.split('.')[0]!);
        else if (scope.kind !== 'module') this.fail(node, 'import * only allowed at module level');
      }
      return true;
    }
    if (node instanceof ast.Name) {
      scope.seen.add(node.id);
      if (node.ctx instanceof ast.Store || node.ctx instanceof ast.Del) bindingScope(scope).bound.add(node.id);
      return true;
    }
    if (node instanceof ast.NamedExpr) {
      this.node(node.value, ctx);
      if (node.target instanceof ast.Name) {
        scope.functionLike.bound.add(node.target.id);
        scope.seen.add(node.target.id);
      }
      return true;
    }
    if (node instanceof ast.ExceptHandler && node.name !== undefined) bind(scope, node.name);
    return false;
  }

  private comprehension(node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp, ctx: Context): void {
    const generators = node.generators;
    // The first iterable is evaluated in the enclosing scope.
    this.node(generators[0]!.iter, ctx);
    const isGenexp = node instanceof ast.GeneratorExp;
    const inner = new Scope(isGenexp ? 'genexp' : 'comprehension', ctx.scope);
    const innerCtx: Context = { scope: inner, inLoop: false, inExceptStar: false };
    generators.forEach((gen, i) => {
      if (gen.is_async && !isGenexp && inner.functionLike.kind !== 'async') {
        this.fail(node, 'asynchronous comprehension outside of an asynchronous function');
      }
      this.node(gen.target, innerCtx);
      if (i > 0) this.node(gen.iter, innerCtx);
      this.node(gen.ifs, innerCtx);
    });
    if (node instanceof ast.DictComp) {
      this.node(node.key, innerCtx);
      this.node(node.value, innerCtx);
    } else {
      this.node(node.elt, innerCtx);
    }
  }

  private argumentDefaults(args: ast.arguments, ctx: Context): void {
    this.node(args.defaults, ctx);
    this.node(args.kw_defaults, ctx);
  }

  private annotations(args: ast.arguments, returns: ast.expr | undefined, ctx: Context): void {
    const annotationCtx: Context = { scope: new Scope('annotation', ctx.scope), inLoop: false, inExceptStar: false };
    for (const a of allArgs(args)) this.node(a.annotation, annotationCtx);
    this.node(returns, annotationCtx);
  }

  private parameters(args: ast.arguments, scope: Scope): void {
    for (const a of allArgs(args)) {
      scope.params.add(a.arg);
      bind(scope, a.arg);
    }
  }

  // CPython: Python/symtable.c symtable_visit_stmt (Global_kind, Nonlocal_kind)
  private declaration(node: ast.Global | ast.Nonlocal, scope: Scope): void {
    const isGlobal = node instanceof ast.Global;
    const word = isGlobal ? 'global' : 'nonlocal';
    if (!isGlobal && scope.kind === 'module') this.fail(node, 'nonlocal declaration not allowed at module level');
    for (const name of node.names) {
      if (scope.params.has(name)) this.fail(node, `name '${name}' is parameter and ${word}`);
      if (scope.seen.has(name)) this.fail(node, `name '${name}' is used prior to ${word} declaration`);
      if (isGlobal) {
        if (scope.nonlocals.some((n) => n.name === name)) this.fail(node, `name '${name}' is nonlocal and global`);
        scope.globals.add(name);
      } else {
        if (scope.globals.has(name)) this.fail(node, `name '${name}' is nonlocal and global`);
        scope.nonlocals.push({ name, node });
      }
      scope.seen.add(name);
    }
  }

  private finishFunction(scope: Scope): void {
    if (scope.kind === 'async' && scope.hasYield && scope.returnsValue) {
      this.fail(scope.returnsValue, "'return' with value in async generator");
    }
  }

  /** Every nonlocal name needs a binding in an enclosing function. CPython: Python/symtable.c analyze_name */
  resolveScopes(scope: Scope): void {
    for (const { name, node } of scope.nonlocals) {
      if (!hasEnclosingBinding(scope.parent, name)) this.fail(node, `no binding for nonlocal '${name}' found`);
    }
    for (const child of scope.children) this.resolveScopes(child);
  }
}

const EXCEPT_STAR_EXIT = "'break', 'continue' and 'return' cannot appear in an except* block";

function bind(scope: Scope, name: string): void {
  scope.bound.add(name);
  scope.seen.add(name);
}

function isFunction(scope: Scope): boolean {
  return scope.kind === 'function' || scope.kind === 'async';
}

function isAsync(scope: Scope): boolean {
  return scope.functionLike.kind === 'async';
}

/** Where a plain assignment binds: the scope itself (comprehension targets stay in the comprehension). */
function bindingScope(scope: Scope): Scope {
  return scope.kind === 'annotation' ? scope.functionLike : scope;
}

function hasEnclosingBinding(scope: Scope | undefined, name: string): boolean {
  for (let s = scope; s !== undefined && s.kind !== 'module'; s = s.parent) {
    if (s.kind === 'class' || s.kind === 'annotation') continue;
    if (s.globals.has(name)) return false;
    if (s.bound.has(name) || s.nonlocals.some((n) => n.name === name)) return true;
  }
  return false;
}

function allArgs(args: ast.arguments): ast.arg[] {
  const out = [...args.posonlyargs, ...args.args, ...args.kwonlyargs];
  if (args.vararg) out.push(args.vararg);
  if (args.kwarg) out.push(args.kwarg);
  return out;
}
