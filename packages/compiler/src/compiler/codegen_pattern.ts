// Code generation for the `match` statement (PEP 634: structural pattern matching).
//
// Every pattern routine consumes the top of the stack (the subject of that pattern)
// and jumps to a fail_pop block on failure. `pc.onTop` counts the items above the
// subject that must stay there (they are popped on failure); name captures are kept
// on the stack beneath them and stored only once the whole pattern has matched.
// CPython: Python/codegen.c codegen_match and the codegen_pattern_* functions
import * as ast from '../ast/nodes.js';
import { NodeKind } from '../ast/nodes.js';
import { NB, None, pyRepr, PyTuple, PyFloat, PyComplex, PyBytes, PyWideStr, PyFrozenSet, type PyConst } from '@tspy/bytecode';
import { Op } from '../generated/opcodes.js';
import { LOC, NO_LOCATION, type SourceLocation } from './source_location.js';
import type { Compiler } from './compile.js';
import { compilerError } from './compile.js';
import {
  addop, addopI, addopJump, addopLoadConst, addopBinary, addopCompare, newJumpTargetLabel, useLabel, nameop,
  visitStmt,
} from './codegen.js';
import { visitExpr, jumpIf } from './codegen_expr.js';

/** CPython: pycore_compile.h NEXT_LOCATION — take the location of the next instruction. */
export const NEXT_LOCATION: SourceLocation = Object.freeze({ lineno: -2, endLineno: -2, colOffset: -2, endColOffset: -2 });

// CPython: Python/codegen.c pattern_context
interface PatternContext {
  /** Names captured so far, in order (repeats and alternatives are checked against it). */
  stores: string[];
  /** When false, an irrefutable pattern against our subject is an error. */
  allowIrrefutable: boolean;
  /** Jumping to failPop[i] pops i items, then falls through to failPop[i-1]. */
  failPop: number[];
  /** Items on top of the stack that must stay on top; captures go beneath them. */
  onTop: number;
}

function isWildcardCheck(p: ast.pattern): boolean {
  // CPython's WILDCARD_CHECK tests only the name
  return p._kind === NodeKind.MatchAs && (p as ast.MatchAs).name === undefined;
}

function isWildcardStar(p: ast.pattern): boolean {
  return p._kind === NodeKind.MatchStar && (p as ast.MatchStar).name === undefined;
}

const INT_MAX = 0x7fffffff;

// CPython: Python/codegen.c ensure_fail_pop
function ensureFailPop(c: Compiler, pc: PatternContext, n: number): void {
  const size = n + 1;
  while (pc.failPop.length < size) pc.failPop.push(newJumpTargetLabel(c));
}

// CPython: Python/codegen.c jump_to_fail_pop
function jumpToFailPop(c: Compiler, loc: SourceLocation, pc: PatternContext, op: number): void {
  // Pop any items on top of the stack, plus the objects we were going to capture
  const pops = pc.onTop + pc.stores.length;
  ensureFailPop(c, pc, pops);
  addopJump(c, loc, op, pc.failPop[pops]!);
}

// CPython: Python/codegen.c emit_and_reset_fail_pop
function emitAndResetFailPop(c: Compiler, loc: SourceLocation, pc: PatternContext): void {
  const failPop = pc.failPop;
  if (failPop.length === 0) return;
  for (let i = failPop.length - 1; i > 0; i--) {
    useLabel(c, failPop[i]!);
    addop(c, loc, Op.POP_TOP);
  }
  useLabel(c, failPop[0]!);
  pc.failPop = [];
}

// CPython: Python/codegen.c codegen_error_duplicate_store
function errorDuplicateStore(c: Compiler, loc: SourceLocation, n: string): never {
  return compilerError(c, loc, `multiple assignments to name ${pyRepr(n)} in pattern`);
}

/** Duplicate 3.10's ROT_* instructions with SWAPs (CPython: codegen.c codegen_pattern_helper_rotate). */
function patternHelperRotate(c: Compiler, loc: SourceLocation, count: number): void {
  while (1 < count) addopI(c, loc, Op.SWAP, count--);
}

// CPython: Python/codegen.c codegen_pattern_helper_store_name
function patternHelperStoreName(c: Compiler, loc: SourceLocation, n: string | undefined, pc: PatternContext): void {
  if (n === undefined) {
    addop(c, loc, Op.POP_TOP);
    return;
  }
  if (pc.stores.includes(n)) errorDuplicateStore(c, loc, n);
  // Rotate this object underneath any items we need to preserve
  const rotations = pc.onTop + pc.stores.length + 1;
  patternHelperRotate(c, loc, rotations);
  pc.stores.push(n);
}

// CPython: Python/codegen.c codegen_pattern_unpack_helper
function patternUnpackHelper(c: Compiler, loc: SourceLocation, elts: ast.pattern[]): void {
  const n = elts.length;
  let seenStar = false;
  for (let i = 0; i < n; i++) {
    const elt = elts[i]!;
    if (elt._kind === NodeKind.MatchStar && !seenStar) {
      if (i >= 1 << 8 || n - i - 1 >= INT_MAX >> 8) {
        compilerError(c, loc, 'too many expressions in star-unpacking sequence pattern');
      }
      addopI(c, loc, Op.UNPACK_EX, i + ((n - i - 1) << 8));
      seenStar = true;
    } else if (elt._kind === NodeKind.MatchStar) {
      compilerError(c, loc, 'multiple starred expressions in sequence pattern');
    }
  }
  if (!seenStar) addopI(c, loc, Op.UNPACK_SEQUENCE, n);
}

// CPython: Python/codegen.c pattern_helper_sequence_unpack
function patternHelperSequenceUnpack(c: Compiler, loc: SourceLocation, patterns: ast.pattern[], pc: PatternContext): void {
  patternUnpackHelper(c, loc, patterns);
  const size = patterns.length;
  // The new subjects must stay on the stack after each subpattern match
  pc.onTop += size;
  for (let i = 0; i < size; i++) {
    pc.onTop--;
    patternSubpattern(c, patterns[i]!, pc);
  }
}

/** Like the unpack version, but indexes with BINARY_OP/NB_SUBSCR: better for patterns
 *  with a starred wildcard (`[first, *_]`, `[*_, last]`, …).
 *  CPython: Python/codegen.c pattern_helper_sequence_subscr */
function patternHelperSequenceSubscr(
  c: Compiler, loc: SourceLocation, patterns: ast.pattern[], star: number, pc: PatternContext,
): void {
  // keep the subject around for extracting elements
  pc.onTop++;
  const size = patterns.length;
  for (let i = 0; i < size; i++) {
    const pattern = patterns[i]!;
    if (isWildcardCheck(pattern) || i === star) continue;
    addopI(c, loc, Op.COPY, 1);
    if (i < star) {
      addopLoadConst(c, loc, i);
    } else {
      // The subject may not support negative indexing: compute a nonnegative index
      addop(c, loc, Op.GET_LEN);
      addopLoadConst(c, loc, size - i);
      addopBinary(c, loc, ast.Sub.instance, false);
    }
    addopI(c, loc, Op.BINARY_OP, NB.SUBSCR);
    patternSubpattern(c, pattern, pc);
  }
  // pop the subject, we're done with it
  pc.onTop--;
  addop(c, loc, Op.POP_TOP);
}

/** codegen_pattern with the irrefutability checks turned off (CPython: codegen.c codegen_pattern_subpattern). */
function patternSubpattern(c: Compiler, p: ast.pattern, pc: PatternContext): void {
  const allowIrrefutable = pc.allowIrrefutable;
  pc.allowIrrefutable = true;
  pattern(c, p, pc);
  pc.allowIrrefutable = allowIrrefutable;
}

// CPython: Python/codegen.c codegen_pattern_as
function patternAs(c: Compiler, p: ast.MatchAs, pc: PatternContext): void {
  if (p.pattern === undefined) {
    // an irrefutable match
    if (!pc.allowIrrefutable) {
      if (p.name !== undefined) {
        compilerError(c, LOC(p), `name capture ${pyRepr(p.name)} makes remaining patterns unreachable`);
      }
      compilerError(c, LOC(p), 'wildcard makes remaining patterns unreachable');
    }
    patternHelperStoreName(c, LOC(p), p.name, pc);
    return;
  }
  // a copy for (possibly) storing later
  pc.onTop++;
  addopI(c, LOC(p), Op.COPY, 1);
  pattern(c, p.pattern, pc);
  // Success! Store it
  pc.onTop--;
  patternHelperStoreName(c, LOC(p), p.name, pc);
}

// CPython: Python/codegen.c codegen_pattern_star
function patternStar(c: Compiler, p: ast.MatchStar, pc: PatternContext): void {
  patternHelperStoreName(c, LOC(p), p.name, pc);
}

// CPython: Python/codegen.c validate_kwd_attrs
function validateKwdAttrs(c: Compiler, attrs: string[], patterns: ast.pattern[]): void {
  // errors point at the pattern: the parser supplies bare identifiers for the names
  const nattrs = attrs.length;
  for (let i = 0; i < nattrs; i++) {
    const attr = attrs[i]!;
    for (let j = i + 1; j < nattrs; j++) {
      if (attrs[j] === attr) compilerError(c, LOC(patterns[j]!), `attribute name repeated in class pattern: ${attr}`);
    }
  }
}

// CPython: Python/codegen.c codegen_pattern_class
function patternClass(c: Compiler, p: ast.MatchClass, pc: PatternContext): void {
  const patterns = p.patterns;
  const kwdAttrs = p.kwd_attrs;
  const kwdPatterns = p.kwd_patterns;
  const nargs = patterns.length;
  const nattrs = kwdAttrs.length;
  if (nattrs !== kwdPatterns.length) {
    compilerError(c, LOC(p),
      `kwd_attrs (${nattrs}) / kwd_patterns (${kwdPatterns.length}) length mismatch in class pattern`);
  }
  if (nattrs) validateKwdAttrs(c, kwdAttrs, kwdPatterns);
  visitExpr(c, p.cls);
  addopLoadConst(c, LOC(p), new PyTuple(kwdAttrs.slice()));
  addopI(c, LOC(p), Op.MATCH_CLASS, nargs);
  addopI(c, LOC(p), Op.COPY, 1);
  addopLoadConst(c, LOC(p), None);
  addopI(c, LOC(p), Op.IS_OP, 1);
  // TOS is now a tuple of (nargs + nattrs) attributes (or None)
  pc.onTop++;
  jumpToFailPop(c, LOC(p), pc, Op.POP_JUMP_IF_FALSE);
  addopI(c, LOC(p), Op.UNPACK_SEQUENCE, nargs + nattrs);
  pc.onTop += nargs + nattrs - 1;
  for (let i = 0; i < nargs + nattrs; i++) {
    pc.onTop--;
    const sub = i < nargs ? patterns[i]! : kwdPatterns[i - nargs]!;
    if (isWildcardCheck(sub)) {
      addop(c, LOC(p), Op.POP_TOP);
      continue;
    }
    patternSubpattern(c, sub, pc);
  }
}

/** A key for the duplicate-key set: CPython's set uses hash/eq, so 1, 1.0 and True collide. */
function seenKey(v: PyConst): string {
  if (typeof v === 'boolean') return `n:${v ? 1 : 0}`;
  if (typeof v === 'number' || typeof v === 'bigint') return `n:${v}`;
  if (v instanceof PyFloat) {
    if (Number.isInteger(v.value)) return `n:${BigInt(v.value)}`;
    return Number.isNaN(v.value) ? `nan:${Math.random()}` : `f:${v.value}`;
  }
  if (v instanceof PyComplex) {
    if (v.imag === 0) return seenKey(new PyFloat(v.real));
    return `c:${v.real}:${v.imag}`;
  }
  if (typeof v === 'string') return `s:${v}`;
  if (v instanceof PyWideStr) return `s:${v.toString()}`;
  if (v instanceof PyBytes) return `b:${Array.from(v.data).join(',')}`;
  if (v instanceof PyTuple) return `t:(${v.items.map(seenKey).join('|')})`;
  if (v instanceof PyFrozenSet) return `fs:${v.items.map(seenKey).sort().join('|')}`;
  return `o:${pyRepr(v)}`;
}

// CPython: Python/codegen.c codegen_pattern_mapping_key
function patternMappingKey(c: Compiler, seen: Set<string>, p: ast.MatchMapping, i: number): void {
  const key = p.keys[i];
  if (key === undefined || key === null) {
    compilerError(c, LOC(p.patterns[i]!), "can't use NULL keys in MatchMapping (set 'rest' parameter instead)");
  }
  const k = key!;
  if (k._kind === NodeKind.Constant) {
    const value = (k as ast.Constant).value;
    const sk = seenKey(value);
    if (seen.has(sk)) compilerError(c, LOC(p), `mapping pattern checks duplicate key (${pyRepr(value)})`);
    seen.add(sk);
  } else if (k._kind !== NodeKind.Attribute) {
    compilerError(c, LOC(p), 'mapping pattern keys may only match literals and attribute lookups');
  }
  visitExpr(c, k);
}

// CPython: Python/codegen.c codegen_pattern_mapping
function patternMapping(c: Compiler, p: ast.MatchMapping, pc: PatternContext): void {
  const loc = LOC(p);
  let size = p.keys.length;
  if (size !== p.patterns.length) {
    compilerError(c, loc, `keys (${size}) / patterns (${p.patterns.length}) length mismatch in mapping pattern`);
  }
  const starTarget = p.rest;
  // keep the subject on top during the mapping and length checks
  pc.onTop++;
  addop(c, loc, Op.MATCH_MAPPING);
  jumpToFailPop(c, loc, pc, Op.POP_JUMP_IF_FALSE);
  if (!size && starTarget === undefined) {
    // just "{}": done, pop the subject
    pc.onTop--;
    addop(c, loc, Op.POP_TOP);
    return;
  }
  if (size) {
    // keys present: a length check
    addop(c, loc, Op.GET_LEN);
    addopLoadConst(c, loc, size);
    addopCompare(c, loc, ast.GtE.instance);
    jumpToFailPop(c, loc, pc, Op.POP_JUMP_IF_FALSE);
  }
  // Collect the keys into a tuple for MATCH_KEYS and **rest; a set of constant keys
  // catches duplicates.
  const seen = new Set<string>();
  for (let i = 0; i < size; i++) patternMappingKey(c, seen, p, i);
  addopI(c, loc, Op.BUILD_TUPLE, size);
  addop(c, loc, Op.MATCH_KEYS);
  // a tuple of keys and a tuple of values are now on top of the subject
  pc.onTop += 2;
  addopI(c, loc, Op.COPY, 1);
  addopLoadConst(c, loc, None);
  addopI(c, loc, Op.IS_OP, 1);
  jumpToFailPop(c, loc, pc, Op.POP_JUMP_IF_FALSE);
  // match the sub-patterns against the tuple of values
  addopI(c, loc, Op.UNPACK_SEQUENCE, size);
  pc.onTop += size - 1;
  for (let i = 0; i < size; i++) {
    pc.onTop--;
    patternSubpattern(c, p.patterns[i]!, pc);
  }
  // a match: what follows consumes the tuple of keys and the subject
  pc.onTop -= 2;
  if (starTarget !== undefined) {
    // rest = dict(TOS1); for key in TOS: del rest[key]
    addopI(c, loc, Op.BUILD_MAP, 0); //           [subject, keys, empty]
    addopI(c, loc, Op.SWAP, 3); //                [empty, keys, subject]
    addopI(c, loc, Op.DICT_UPDATE, 2); //         [copy, keys]
    addopI(c, loc, Op.UNPACK_SEQUENCE, size); //  [copy, keys...]
    while (size) {
      addopI(c, loc, Op.COPY, 1 + size--); //     [copy, keys..., copy]
      addopI(c, loc, Op.SWAP, 2); //              [copy, keys..., copy, key]
      addop(c, loc, Op.DELETE_SUBSCR); //         [copy, keys...]
    }
    patternHelperStoreName(c, loc, starTarget, pc);
  } else {
    addop(c, loc, Op.POP_TOP); // tuple of keys
    addop(c, loc, Op.POP_TOP); // subject
  }
}

// CPython: Python/codegen.c codegen_pattern_or
function patternOr(c: Compiler, p: ast.MatchOr, pc: PatternContext): void {
  const end = newJumpTargetLabel(c);
  const size = p.patterns.length;
  // keep the original context; `control` is the names the first alternative binds,
  // used to check the others and to put their captures in the same stack order
  const oldStores = pc.stores;
  const oldAllowIrrefutable = pc.allowIrrefutable;
  const oldFailPop = pc.failPop;
  const oldOnTop = pc.onTop;
  let control: string[] | null = null;
  for (let i = 0; i < size; i++) {
    const alt = p.patterns[i]!;
    pc.stores = [];
    // an irrefutable alternative must be last, if allowed at all
    pc.allowIrrefutable = i === size - 1 && oldAllowIrrefutable;
    pc.failPop = [];
    pc.onTop = 0;
    addopI(c, LOC(alt), Op.COPY, 1);
    pattern(c, alt, pc);
    const nstores = pc.stores.length;
    if (i === 0) {
      control = pc.stores;
    } else if (nstores !== control!.length) {
      compilerError(c, LOC(p), 'alternative patterns bind different names');
    } else if (nstores) {
      reorderAlternativeStores(c, p, alt, control!, pc);
    }
    addopJump(c, LOC(alt), Op.JUMP, end);
    emitAndResetFailPop(c, LOC(alt), pc);
  }
  pc.stores = oldStores;
  pc.allowIrrefutable = oldAllowIrrefutable;
  pc.failPop = oldFailPop;
  pc.onTop = oldOnTop;
  // no match: pop the remaining copy of the subject and fail
  addop(c, LOC(p), Op.POP_TOP);
  jumpToFailPop(c, LOC(p), pc, Op.JUMP);

  useLabel(c, end);
  const names = control!;
  const nstores = names.length;
  // Between the new stores and their place: the other stores, the subject's copy,
  // whatever else is on top, and the captures already stashed on the stack.
  const nrots = nstores + 1 + pc.onTop + pc.stores.length;
  for (let i = 0; i < nstores; i++) {
    // rotate this capture to its proper place on the stack
    patternHelperRotate(c, LOC(p), nrots);
    const name = names[i]!;
    if (pc.stores.includes(name)) errorDuplicateStore(c, LOC(p), name);
    pc.stores.push(name);
  }
  // pop the copy of the subject
  addop(c, LOC(p), Op.POP_TOP);
}

/** Check an alternative binds the names of `control`, and rotate its captures on the
 *  stack (and in pc.stores) into control's order. */
function reorderAlternativeStores(c: Compiler, p: ast.MatchOr, alt: ast.pattern, control: string[], pc: PatternContext): void {
  let icontrol = control.length;
  while (icontrol--) {
    const name = control[icontrol]!;
    const istores = pc.stores.indexOf(name);
    if (istores < 0) compilerError(c, LOC(p), 'alternative patterns bind different names');
    if (icontrol !== istores) {
      // Inefficient for many names bound in different orders, but fine for
      // reasonable cases; the peephole optimizer cleans up.
      const rotations = istores + 1;
      // rotated = stores[:rotations]; del stores[:rotations];
      // stores[icontrol-istores:icontrol-istores] = rotated
      const rotated = pc.stores.splice(0, rotations);
      pc.stores.splice(icontrol - istores, 0, ...rotated);
      // the same on the stack, with several rotations
      for (let r = 0; r < rotations; r++) patternHelperRotate(c, LOC(alt), icontrol + 1);
    }
  }
}

// CPython: Python/codegen.c codegen_pattern_sequence
function patternSequence(c: Compiler, p: ast.MatchSequence, pc: PatternContext): void {
  const patterns = p.patterns;
  const size = patterns.length;
  let star = -1;
  let onlyWildcard = true;
  let starWildcard = false;
  // find the starred name, if any; there may be at most one
  for (let i = 0; i < size; i++) {
    const sub = patterns[i]!;
    if (sub._kind === NodeKind.MatchStar) {
      if (star >= 0) compilerError(c, LOC(p), 'multiple starred names in sequence pattern');
      starWildcard = isWildcardStar(sub);
      onlyWildcard &&= starWildcard;
      star = i;
      continue;
    }
    onlyWildcard &&= isWildcardCheck(sub);
  }
  // keep the subject on top during the sequence and length checks
  pc.onTop++;
  addop(c, LOC(p), Op.MATCH_SEQUENCE);
  jumpToFailPop(c, LOC(p), pc, Op.POP_JUMP_IF_FALSE);
  if (star < 0) {
    // no star: len(subject) == size
    addop(c, LOC(p), Op.GET_LEN);
    addopLoadConst(c, LOC(p), size);
    addopCompare(c, LOC(p), ast.Eq.instance);
    jumpToFailPop(c, LOC(p), pc, Op.POP_JUMP_IF_FALSE);
  } else if (size > 1) {
    // star: len(subject) >= size - 1
    addop(c, LOC(p), Op.GET_LEN);
    addopLoadConst(c, LOC(p), size - 1);
    addopCompare(c, LOC(p), ast.GtE.instance);
    jumpToFailPop(c, LOC(p), pc, Op.POP_JUMP_IF_FALSE);
  }
  // whatever comes next consumes the subject
  pc.onTop--;
  if (onlyWildcard) {
    // [] / [_] / [_, _] / [*_] / [_, *_] / …
    addop(c, LOC(p), Op.POP_TOP);
  } else if (starWildcard) {
    patternHelperSequenceSubscr(c, LOC(p), patterns, star, pc);
  } else {
    patternHelperSequenceUnpack(c, LOC(p), patterns, pc);
  }
}

// CPython: Python/codegen.c codegen_pattern_value
function patternValue(c: Compiler, p: ast.MatchValue, pc: PatternContext): void {
  const value = p.value;
  if (value._kind !== NodeKind.Constant && value._kind !== NodeKind.Attribute) {
    compilerError(c, LOC(p), 'patterns may only match literals and attribute lookups');
  }
  visitExpr(c, value);
  addopCompare(c, LOC(p), ast.Eq.instance);
  addop(c, LOC(p), Op.TO_BOOL);
  jumpToFailPop(c, LOC(p), pc, Op.POP_JUMP_IF_FALSE);
}

// CPython: Python/codegen.c codegen_pattern_singleton
function patternSingleton(c: Compiler, p: ast.MatchSingleton, pc: PatternContext): void {
  addopLoadConst(c, LOC(p), p.value);
  addopCompare(c, LOC(p), ast.Is.instance);
  jumpToFailPop(c, LOC(p), pc, Op.POP_JUMP_IF_FALSE);
}

// CPython: Python/codegen.c codegen_pattern
function pattern(c: Compiler, p: ast.pattern, pc: PatternContext): void {
  switch (p._kind) {
    case NodeKind.MatchValue:
      return patternValue(c, p as ast.MatchValue, pc);
    case NodeKind.MatchSingleton:
      return patternSingleton(c, p as ast.MatchSingleton, pc);
    case NodeKind.MatchSequence:
      return patternSequence(c, p as ast.MatchSequence, pc);
    case NodeKind.MatchMapping:
      return patternMapping(c, p as ast.MatchMapping, pc);
    case NodeKind.MatchClass:
      return patternClass(c, p as ast.MatchClass, pc);
    case NodeKind.MatchStar:
      return patternStar(c, p as ast.MatchStar, pc);
    case NodeKind.MatchAs:
      return patternAs(c, p as ast.MatchAs, pc);
    case NodeKind.MatchOr:
      return patternOr(c, p as ast.MatchOr, pc);
  }
  compilerError(c, LOC(p), `invalid match pattern node in AST (kind=${p._kind})`);
}

// CPython: Python/codegen.c codegen_match_inner
function matchInner(c: Compiler, s: ast.Match, pc: PatternContext): void {
  visitExpr(c, s.subject);
  const end = newJumpTargetLabel(c);
  const cases = s.cases.length;
  const last = s.cases[cases - 1]!;
  const hasDefault = isWildcardCheck(last.pattern) && 1 < cases ? 1 : 0;
  for (let i = 0; i < cases - hasDefault; i++) {
    const m = s.cases[i]!;
    const patLoc = LOC(m.pattern);
    // copy the subject unless this is the last case
    if (i !== cases - hasDefault - 1) addopI(c, patLoc, Op.COPY, 1);
    pc.stores = [];
    // irrefutable cases must be guarded, last, or both
    pc.allowIrrefutable = m.guard !== undefined || i === cases - 1;
    pc.failPop = [];
    pc.onTop = 0;
    pattern(c, m.pattern, pc);
    // a match: store the captured names (they are on the stack)
    for (const name of pc.stores) nameop(c, patLoc, name, ast.Store.instance);
    if (m.guard !== undefined) {
      ensureFailPop(c, pc, 0);
      jumpIf(c, patLoc, m.guard, pc.failPop[0]!, false);
    }
    // done with the subject (the next location gives better branch events)
    if (i !== cases - hasDefault - 1) addop(c, NEXT_LOCATION, Op.POP_TOP);
    for (const stmt of m.body) visitStmt(c, stmt);
    addopJump(c, NO_LOCATION, Op.JUMP, end);
    // a failed pattern's cleanup belongs to the pattern, not to the body's last line
    emitAndResetFailPop(c, patLoc, pc);
  }
  if (hasDefault) {
    // a trailing `case _` saves some pushing and popping above
    const m = last;
    // one case: done with the subject; else a NOP shows line coverage for the default
    addop(c, LOC(m.pattern), cases === 1 ? Op.POP_TOP : Op.NOP);
    if (m.guard !== undefined) jumpIf(c, LOC(m.pattern), m.guard, end, false);
    for (const stmt of m.body) visitStmt(c, stmt);
  }
  useLabel(c, end);
}

// CPython: Python/codegen.c codegen_match
export function match(c: Compiler, s: ast.Match): void {
  const pc: PatternContext = { stores: [], allowIrrefutable: false, failPop: [], onTop: 0 };
  matchInner(c, s, pc);
}

