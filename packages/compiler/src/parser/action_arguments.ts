// Building `ast.arguments` from the pieces the `parameters`/`lambda_parameters`
// rules match. Part of CPython's Parser/action_helpers.c, re-exported by
// action_helpers.ts.

import * as ast from '../ast/nodes.js';
import type { Token } from '../tokenizer/token.js';
import { newTypeComment, type Parser } from './pegen.js';

/** A parameter with its default (`undefined` for a keyword-only one without). CPython: Parser/pegen.h NameDefaultPair */
export class NameDefaultPair {
  constructor(
    readonly arg: ast.arg,
    readonly value: ast.expr | undefined,
  ) {}
}

/** Positional-only parameters that end in defaults: `a, b=1, /`. CPython: Parser/pegen.h SlashWithDefault */
export class SlashWithDefault {
  constructor(
    readonly plain_names: ast.arg[],
    readonly names_with_defaults: NameDefaultPair[],
  ) {}
}

/** What follows the positional parameters: `*args`, keyword-only ones, `**kwargs`. CPython: Parser/pegen.h StarEtc */
export class StarEtc {
  constructor(
    readonly vararg: ast.arg | undefined,
    readonly kwonlyargs: NameDefaultPair[] | undefined,
    readonly kwarg: ast.arg | undefined,
  ) {}
}

// CPython: Parser/action_helpers.c _PyPegen_add_type_comment_to_arg
export function addTypeCommentToArg(p: Parser, a: ast.arg, tc: Token | undefined): ast.arg {
  if (tc === undefined) return a;
  return new ast.arg(
    a.arg, a.annotation, newTypeComment(p, tc.string),
    a.lineno, a.col_offset, a.end_lineno, a.end_col_offset,
  );
}

// CPython: Parser/action_helpers.c _PyPegen_name_default_pair
export function nameDefaultPair(
  p: Parser,
  arg: ast.arg,
  value: ast.expr | undefined,
  tc: Token | undefined,
): NameDefaultPair {
  return new NameDefaultPair(addTypeCommentToArg(p, arg, tc), value);
}

// CPython: Parser/action_helpers.c _PyPegen_slash_with_default
export function slashWithDefault(
  _p: Parser,
  plain_names: ast.arg[],
  names_with_defaults: NameDefaultPair[],
): SlashWithDefault {
  return new SlashWithDefault(plain_names, names_with_defaults);
}

// CPython: Parser/action_helpers.c _PyPegen_star_etc
export function starEtc(
  _p: Parser,
  vararg: ast.arg | undefined,
  kwonlyargs: NameDefaultPair[] | undefined,
  kwarg: ast.arg | undefined,
): StarEtc {
  return new StarEtc(vararg, kwonlyargs, kwarg);
}

// CPython: Parser/action_helpers.c _get_names
function getNames(pairs: readonly NameDefaultPair[]): ast.arg[] {
  const out = new Array<ast.arg>(pairs.length);
  for (let i = 0; i < pairs.length; i++) out[i] = pairs[i]!.arg;
  return out;
}

// CPython: Parser/action_helpers.c _get_defaults
// (a keyword-only parameter without default keeps its `undefined` slot: kw_defaults has None there)
function getDefaults(pairs: readonly NameDefaultPair[]): (ast.expr | undefined)[] {
  const out = new Array<ast.expr | undefined>(pairs.length);
  for (let i = 0; i < pairs.length; i++) out[i] = pairs[i]!.value;
  return out;
}

// CPython: Parser/action_helpers.c _make_posonlyargs
function makePosonlyargs(
  slash_without_default: ast.arg[] | undefined,
  slash_with_default: SlashWithDefault | undefined,
): ast.arg[] {
  if (slash_without_default !== undefined) return slash_without_default;
  if (slash_with_default !== undefined) {
    return slash_with_default.plain_names.concat(getNames(slash_with_default.names_with_defaults));
  }
  return [];
}

// CPython: Parser/action_helpers.c _make_posargs
function makePosargs(
  plain_names: ast.arg[] | undefined,
  names_with_default: NameDefaultPair[] | undefined,
): ast.arg[] {
  if (names_with_default !== undefined) {
    if (plain_names !== undefined) return plain_names.concat(getNames(names_with_default));
    return getNames(names_with_default);
  }
  // C asserts that plain names always come with a (possibly empty) default list.
  return plain_names ?? [];
}

// CPython: Parser/action_helpers.c _make_posdefaults
function makePosdefaults(
  slash_with_default: SlashWithDefault | undefined,
  names_with_default: NameDefaultPair[] | undefined,
): ast.expr[] {
  // Positional defaults are never missing, unlike keyword-only ones.
  let out: (ast.expr | undefined)[];
  if (slash_with_default !== undefined && names_with_default !== undefined) {
    out = getDefaults(slash_with_default.names_with_defaults).concat(getDefaults(names_with_default));
  } else if (names_with_default !== undefined) {
    out = getDefaults(names_with_default);
  } else if (slash_with_default !== undefined) {
    out = getDefaults(slash_with_default.names_with_defaults);
  } else {
    out = [];
  }
  return out as ast.expr[];
}

/**
 * The `ast.arguments` of a def or lambda from the parts its parameter list
 * matched; any part may be absent.
 * CPython: Parser/action_helpers.c _PyPegen_make_arguments (with _make_kwargs inlined)
 */
export function makeArguments(
  _p: Parser,
  slash_without_default: ast.arg[] | undefined,
  slash_with_default: SlashWithDefault | undefined,
  plain_names: ast.arg[] | undefined,
  names_with_default: NameDefaultPair[] | undefined,
  star_etc: StarEtc | undefined,
): ast.arguments {
  const posonlyargs = makePosonlyargs(slash_without_default, slash_with_default);
  const posargs = makePosargs(plain_names, names_with_default);
  const posdefaults = makePosdefaults(slash_with_default, names_with_default);
  const kwonly = star_etc?.kwonlyargs;
  const kwonlyargs = kwonly !== undefined ? getNames(kwonly) : [];
  const kwdefaults = kwonly !== undefined ? getDefaults(kwonly) : [];
  return new ast.arguments(
    posonlyargs,
    posargs,
    star_etc?.vararg,
    kwonlyargs,
    kwdefaults,
    star_etc?.kwarg,
    posdefaults,
  );
}

/** The arguments of `def f():` / `lambda:`. CPython: Parser/action_helpers.c _PyPegen_empty_arguments */
export function emptyArguments(_p: Parser): ast.arguments {
  return new ast.arguments([], [], undefined, [], [], undefined, []);
}
