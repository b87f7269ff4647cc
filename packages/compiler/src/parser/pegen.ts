// The parser runtime: token filling, memoization, the expect/lookahead primitives the
// generated parser calls, and the RAISE_* family of pegen.h.
// CPython: Parser/pegen.c, Parser/pegen.h
//
// CPython sets an exception and returns NULL up every rule; here the RAISE_* functions
// throw a PySyntaxError (return type `never`) and a failed match is `undefined`.

import * as ast from '../ast/nodes.js';
import { PySyntaxError } from '../errors.js';
import { DEDENT, ENDMARKER, ERRORTOKEN, NAME, NEWLINE, NUMBER, STRING, TYPE_IGNORE, type Token } from '../tokenizer/token.js';
import { typeIgnoreTag } from '../tokenizer/lexer.js';
import { IntMaxStrDigitsError, parseNumber } from './number_parser.js';
import { getExprName, getInvalidTarget, type TargetsType, STAR_TARGETS, FOR_TARGETS } from './action_targets.js';
import { raiseError, raiseErrorKnownLocation, tokenizerError } from './pegen_errors.js';

export type { Token } from '../tokenizer/token.js';

// Start rules. CPython: Include/compile.h
export const Py_single_input = 256;
export const Py_file_input = 257;
export const Py_eval_input = 258;
export const Py_func_type_input = 345;
export const Py_fstring_input = 800;

// Parser flags. CPython: Parser/pegen.h
export const PyPARSE_DONT_IMPLY_DEDENT = 0x0002;
export const PyPARSE_IGNORE_COOKIE = 0x0010;
export const PyPARSE_BARRY_AS_BDFL = 0x0020;
export const PyPARSE_TYPE_COMMENTS = 0x0040;
export const PyPARSE_ALLOW_INCOMPLETE_INPUT = 0x0100;

/** A column meaning "where the tokenizer is now". CPython: Parser/pegen.h CURRENT_POS */
export const CURRENT_POS = -5;

/** Rule nesting limit, as a const enum: every rule tests it, and the bundle then holds the
 *  number (a module-level constant is a variable that optimized code loads and checks at
 *  every use). CPython: Tools/peg_generator/pegen/c_generator.py MAXSTACK */
export const enum ParserLimit {
  MAXSTACK = 6000,
}

/** What the parser needs from the tokenizer (see docs/parser-architecture.md). */
export interface TokenSource {
  next(): Token;
  done: 'ok' | 'eof' | 'error';
  level: number;
  parenStack: string[];
  parenLinenoStack: number[];
  parenColStack: number[];
  modeStackIndex: number;
  lineno: number;
  source: string;
  // Buffer positions (UTF-16 indices into `source`), when the tokenizer exposes them:
  // CPython's tok->cur, tok->inp, tok->line_start, tok->buf.
  cur?: number;
  inp?: number;
  lineStart?: number;
  buf?: number;
  /** Pending INDENT (> 0) / DEDENT (< 0) tokens and the indentation depth (tok->pendin, tok->indent). */
  pendin?: number;
  indent?: number;
  /** CPython's exact tok->done (errcode.h) when the tokenizer exposes it. */
  doneCode?: number;
  /** Lets the tokenizer overwrite `tokens[0..count)` instead of allocating tokens. */
  recycleTokens?(tokens: Token[], count: number): void;
  /** How many of the tokens handed to recycleTokens were overwritten. */
  recycledTokens?(): number;
  /** UTF-8 byte column of `pos` in the line starting at `lineStart`. */
  byteColumn?(lineStart: number, pos: number): number;
}

export interface Location {
  lineno: number;
  col_offset: number;
  end_lineno: number;
  end_col_offset: number;
}

/** CPython: Parser/pegen.h Parser */
export class Parser {
  tokens: Token[];
  mark = 0;
  fill = 0;
  keywords: ReadonlyMap<string, number> = new Map();
  soft_keywords: readonly string[] = [];
  parsing_started = false;
  error_indicator = false;
  known_err_token: Token | undefined = undefined;
  level = 0;
  call_invalid_rules = false;
  type_ignore_comments: { lineno: number; comment: string }[] = [];
  last_stmt_location: Location = { lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 };
  starting_lineno = 0;
  starting_col_offset = 0;
  /** Set to 'eof' when interactive input ended (CPython: *p->errcode = E_EOF). */
  errcode: 'eof' | undefined = undefined;
  /** The result found by the last successful isMemoized(). */
  memo_result: unknown = undefined;
  /**
   * Per token index, a bit per memo type that may be in the token's memo chain (see
   * memoBit): most lookups miss, and a clear bit answers them without walking the chain.
   */
  memo_masks: Int32Array;
  /**
   * The memo (CPython's per-token Memo chains) in arrays, so that memoizing allocates
   * no object: per token index, 1 + the index of the newest entry of its chain (0:
   * none); per entry `e`, its memo type, end mark and next entry (1 + index) at
   * `memo_entries[3 * e + 0, 1, 2]`, and its node at `memo_nodes[e]`.
   */
  memo_heads: Int32Array;
  memo_entries: Int32Array;
  memo_nodes: unknown[];
  memo_count = 0;
  /**
   * The seeds of the running left-recursive leaders, innermost at `lr_depth - 1` (a
   * leader's raw function runs only while the leaders it called have returned): see
   * setSeed and seedCall.
   */
  lr_seeds: unknown[] = [];
  lr_seedmarks: number[] = [];
  lr_depth = 0;
  /** How many leading `tokens` were there before this parse (see MemoStore.tokenCount). */
  recyclable_tokens: number;

  constructor(
    readonly tok: TokenSource,
    readonly start_rule: number,
    public flags: number,
    readonly feature_version: number,
    readonly filename: string,
  ) {
    // The arrays of the last parser released (see releaseParser), or new ones sized for
    // the whole source (about one token per 8 characters of the stdlib).
    const store = spareMemoStore ?? newMemoStore((tok.source.length >> 3) + 64);
    spareMemoStore = undefined;
    this.tokens = store.tokens;
    this.recyclable_tokens = store.tokenCount;
    if (store.tokenCount > 0 && tok.recycleTokens !== undefined) tok.recycleTokens(store.tokens, store.tokenCount);
    this.memo_masks = store.masks;
    this.memo_heads = store.heads;
    this.memo_entries = store.entries;
    this.memo_nodes = store.nodes;
  }
}

/** The token and memo arrays of a Parser, kept between parses so that each parse need not allocate them. */
interface MemoStore {
  /**
   * Parser.tokens; its first `tokenCount` slots hold tokens of earlier parses, which
   * the next tokenizer overwrites (a token is read from its slot before the parser
   * stores into it: a parser's token index never exceeds its tokenizer's count).
   */
  tokens: Token[];
  tokenCount: number;
  masks: Int32Array;
  heads: Int32Array;
  entries: Int32Array;
  nodes: unknown[];
}

let spareMemoStore: MemoStore | undefined;

/**
 * How many leading `p.tokens` the next parse may overwrite: distinct objects that
 * nothing else references. Past `p.fill`, the slots hold tokens of earlier parses, unless
 * the tokenizer overwrote some the parser did not store (TYPE_IGNORE, an error): those
 * may also be in `p.tokens[0..p.fill)`.
 */
function recyclableTokens(p: Parser): number {
  const used = p.tok.recycledTokens === undefined ? 0 : p.tok.recycledTokens();
  return used <= p.fill ? Math.max(p.fill, p.recyclable_tokens) : p.fill;
}

function newMemoStore(tokens: number): MemoStore {
  return {
    tokens: [], tokenCount: 0, masks: new Int32Array(tokens), heads: new Int32Array(tokens),
    // About 4 memo entries per token are enough for the stdlib's files.
    entries: new Int32Array(tokens * 3 * 4), nodes: [],
  };
}

/**
 * Hands the parser's token and memo arrays to the next Parser (the memo cleared, the
 * tokens to be overwritten); neither `p` nor its tokens may be used afterwards. Optional: a parser never released just leaves the next one to allocate.
 */
export function releaseParser(p: Parser): void {
  clearMemo(p);
  spareMemoStore = {
    tokens: p.tokens, tokenCount: recyclableTokens(p), masks: p.memo_masks, heads: p.memo_heads,
    entries: p.memo_entries, nodes: p.memo_nodes,
  };
}

// ---------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------

/** The type of the token at `p.mark`, read from the tokenizer if need be. */
export function peekType(p: Parser): number {
  if (p.mark === p.fill) fillToken(p);
  return p.tokens[p.mark]!.type;
}

/** Reads one token into `p.tokens`. CPython: Parser/pegen.c _PyPegen_fill_token */
export function fillToken(p: Parser): void {
  let t = p.tok.next();
  // Record and skip '# type: ignore' comments
  while (t.type === TYPE_IGNORE) {
    p.type_ignore_comments.push({ lineno: p.tok.lineno, comment: typeIgnoreTag(p.tok.source, t) });
    t = p.tok.next();
  }
  let type = t.type;
  // At the end of single input mode a NEWLINE is implied.
  if (p.start_rule === Py_single_input && type === ENDMARKER && p.parsing_started) {
    type = NEWLINE; // Add an extra newline
    p.parsing_started = false;
    const tok = p.tok;
    if (tok.indent && (p.flags & PyPARSE_DONT_IMPLY_DEDENT) === 0) {
      tok.pendin = -tok.indent;
      tok.indent = 0;
    }
  } else {
    p.parsing_started = true;
  }
  initializeToken(p, t, type);
}

/** Doubles the per-token memo arrays. */
function growTokenMemo(p: Parser): void {
  const masks = new Int32Array(p.memo_masks.length * 2);
  masks.set(p.memo_masks);
  p.memo_masks = masks;
  const heads = new Int32Array(masks.length);
  heads.set(p.memo_heads);
  p.memo_heads = heads;
}

/** CPython: Parser/pegen.c initialize_token */
function initializeToken(p: Parser, t: Token, type: number): void {
  t.type = type === NAME ? keywordOrNameType(p, t) : type;
  p.tokens[p.fill] = t;
  p.fill += 1;
  if (p.fill >= p.memo_masks.length) growTokenMemo(p);
  if (type === ERRORTOKEN) tokenizerError(p);
}

/**
 * CPython: Parser/pegen.c _get_keyword_or_name_type. Like CPython's per-length keyword
 * arrays, the lookup compares only with the keywords of the same length and first
 * character (a Map lookup would hash every identifier).
 */
function keywordOrNameType(p: Parser, t: Token): number {
  const s = t.string;
  const table = p.keywords === keywordTableSource ? keywordTable : buildKeywordTable(p.keywords);
  const first = s.charCodeAt(0);
  if (s.length > MAX_KEYWORD_LENGTH || first >= 128) return NAME;
  const bucket = table[(s.length << 7) | first];
  if (bucket === undefined) return NAME;
  for (let i = 0; i < bucket.length; i += 2) {
    if (bucket[i] === s) return bucket[i + 1] as number;
  }
  return NAME;
}

/** Longest keyword the table holds; longer names are never looked up. */
const MAX_KEYWORD_LENGTH = 15;

/** Keyword buckets indexed by (length << 7 | first char code): [keyword, type, keyword, type, ...]. */
type KeywordTable = ((string | number)[] | undefined)[];

let keywordTableSource: ReadonlyMap<string, number> | undefined;
let keywordTable: KeywordTable = [];

function buildKeywordTable(keywords: ReadonlyMap<string, number>): KeywordTable {
  const table: KeywordTable = new Array<(string | number)[] | undefined>((MAX_KEYWORD_LENGTH + 1) << 7).fill(undefined);
  for (const [keyword, type] of keywords) {
    if (keyword.length > MAX_KEYWORD_LENGTH || keyword.charCodeAt(0) >= 128) throw new Error(`unsupported keyword ${keyword}`);
    const slot = (keyword.length << 7) | keyword.charCodeAt(0);
    (table[slot] ??= []).push(keyword, type);
  }
  keywordTableSource = keywords;
  keywordTable = table;
  return table;
}

/** The last token that is not NEWLINE/INDENT/DEDENT/ENDMARKER before `p.mark`. CPython: _PyPegen_get_last_nonnwhitespace_token */
export function getLastNonwhitespaceToken(p: Parser): Token {
  let token: Token | undefined;
  for (let m = p.mark - 1; m >= 0; m--) {
    token = p.tokens[m]!;
    if (token.type !== ENDMARKER && (token.type < NEWLINE || token.type > DEDENT)) break;
  }
  return token!;
}

// ---------------------------------------------------------------------------
// Memoization: results chained on the token where the rule started, as in CPython.
// ---------------------------------------------------------------------------

/**
 * Whether rule `type` is memoized at `p.mark`; if so moves `p.mark` to its end and
 * leaves the result in `p.memo_result`. CPython: Parser/pegen.c _PyPegen_is_memoized
 */
export function isMemoized(p: Parser, type: number): boolean {
  if (p.mark === p.fill) fillToken(p);
  if ((p.memo_masks[p.mark]! & memoBit(type)) === 0) return false;
  const entries = p.memo_entries;
  for (let m = p.memo_heads[p.mark]!; m !== 0; m = entries[3 * m - 1]!) {
    if (entries[3 * m - 3] === type) {
      p.mark = entries[3 * m - 2]!;
      p.memo_result = p.memo_nodes[m - 1];
      return true;
    }
  }
  return false;
}

/**
 * The bit of memo type `type` in `p.memo_masks`. The generator numbers memo types
 * from 1000; should there be more than 32, types share bits, which only costs walks.
 */
function memoBit(type: number): number {
  return 1 << ((type - 1000) & 31);
}

/**
 * `mark` is the start of the node, `p.mark` its end; returns the entry, for setMemo.
 * CPython: _PyPegen_insert_memo
 */
export function insertMemo(p: Parser, mark: number, type: number, node: unknown): number {
  const entry = p.memo_count;
  if (3 * entry === p.memo_entries.length) growMemoEntries(p);
  p.memo_count = entry + 1;
  const entries = p.memo_entries;
  entries[3 * entry] = type;
  entries[3 * entry + 1] = p.mark;
  entries[3 * entry + 2] = p.memo_heads[mark]!;
  p.memo_nodes[entry] = node;
  p.memo_heads[mark] = entry + 1;
  p.memo_masks[mark]! |= memoBit(type);
  return entry;
}

/** Doubles the memo entry arrays. */
function growMemoEntries(p: Parser): void {
  const entries = new Int32Array(p.memo_entries.length * 2);
  entries.set(p.memo_entries);
  p.memo_entries = entries;
}

/**
 * Sets the result of a memo entry that a left-recursive leader inserted (its
 * _PyPegen_update_memo calls, without searching the chain for the entry).
 */
export function setMemo(p: Parser, entry: number, node: unknown, end: number): void {
  p.memo_nodes[entry] = node;
  p.memo_entries[3 * entry + 1] = end;
}

/** Like insertMemo, but updates an existing entry. CPython: _PyPegen_update_memo */
export function updateMemo(p: Parser, mark: number, type: number, node: unknown): void {
  const entries = p.memo_entries;
  for (let m = p.memo_heads[mark]!; m !== 0; m = entries[3 * m - 1]!) {
    if (entries[3 * m - 3] === type) {
      p.memo_nodes[m - 1] = node;
      entries[3 * m - 2] = p.mark;
      return;
    }
  }
  insertMemo(p, mark, type, node);
}

/** The innermost running leader's seed: `seed`, ending at `end`. */
export function setSeed(p: Parser, seed: unknown, end: number): void {
  const depth = p.lr_depth - 1;
  p.lr_seeds[depth] = seed;
  p.lr_seedmarks[depth] = end;
}

/**
 * What a left-recursive leader's call of itself, first in one of its alternatives,
 * returns: its seed (CPython reads it from the memo). Overflows where the call would.
 */
export function seedCall<T>(p: Parser): T | undefined {
  if (p.level === ParserLimit.MAXSTACK) stackOverflow(p);
  const depth = p.lr_depth - 1;
  p.mark = p.lr_seedmarks[depth]!;
  return p.lr_seeds[depth] as T | undefined;
}

/** Forgets every memoized result (before the second pass). CPython: reset_parser_state_for_error_pass */
export function clearMemo(p: Parser): void {
  const used = Math.min(p.fill + 1, p.memo_masks.length);
  p.memo_masks.fill(0, 0, used);
  p.memo_heads.fill(0, 0, used);
  // Drop the nodes, which the next parse would otherwise keep alive.
  p.memo_nodes.fill(undefined, 0, p.memo_count);
  p.memo_count = 0;
}

// ---------------------------------------------------------------------------
// Matching primitives
// ---------------------------------------------------------------------------

/** CPython: Parser/pegen.c _PyPegen_expect_token */
export function expectToken(p: Parser, type: number): Token | undefined {
  if (p.mark === p.fill) fillToken(p);
  const t = p.tokens[p.mark]!;
  if (t.type !== type) return undefined;
  p.mark += 1;
  return t;
}

/** CPython: Parser/pegen.c _PyPegen_expect_forced_result */
export function expectForcedResult<T>(p: Parser, result: T | undefined, expected: string): T {
  if (result === undefined) RAISE_SYNTAX_ERROR(p, `expected (${expected})`);
  return result;
}

/** CPython: Parser/pegen.c _PyPegen_expect_forced_token */
export function expectForcedToken(p: Parser, type: number, expected: string): Token {
  if (p.mark === p.fill) fillToken(p);
  const t = p.tokens[p.mark]!;
  if (t.type !== type) RAISE_SYNTAX_ERROR_KNOWN_LOCATION(p, t, `expected '${expected}'`);
  p.mark += 1;
  return t;
}

/** CPython: Parser/pegen.c _PyPegen_expect_soft_keyword */
export function expectSoftKeyword(p: Parser, keyword: string): ast.Name | undefined {
  if (p.mark === p.fill) fillToken(p);
  const t = p.tokens[p.mark]!;
  if (t.type !== NAME || t.string !== keyword) return undefined;
  return nameToken(p);
}

/** CPython: Parser/pegen.c _PyPegen_lookahead */
export function lookahead(p: Parser, positive: boolean, func: (p: Parser) => unknown): boolean {
  const mark = p.mark;
  const res = func(p);
  p.mark = mark;
  return (res !== undefined) === positive;
}

/** `_PyPegen_lookahead_with_int(positive, _PyPegen_expect_token, p, type)` without moving. */
export function lookaheadToken(p: Parser, positive: boolean, type: number): boolean {
  if (p.mark === p.fill) fillToken(p);
  return (p.tokens[p.mark]!.type === type) === positive;
}

/**
 * `_PyPegen_lookahead(positive, rule, p)` for a rule that is a choice of tokens, by
 * the current token's type (`types[type] === 1` for those tokens). Overflows where
 * calling the rule would.
 */
export function lookaheadTokenSet(p: Parser, positive: boolean, types: Uint8Array): boolean {
  if (p.level === ParserLimit.MAXSTACK) stackOverflow(p);
  if (p.mark === p.fill) fillToken(p);
  return (types[p.tokens[p.mark]!.type] === 1) === positive;
}

/** `_PyPegen_lookahead_with_string(positive, _PyPegen_expect_soft_keyword, p, kw)` without moving. */
export function lookaheadSoftKeyword(p: Parser, positive: boolean, keyword: string): boolean {
  if (p.mark === p.fill) fillToken(p);
  const t = p.tokens[p.mark]!;
  return (t.type === NAME && t.string === keyword) === positive;
}

// ---------------------------------------------------------------------------
// Leaf nodes
// ---------------------------------------------------------------------------

const FORBIDDEN_IDENTIFIERS = new Set(['None', 'True', 'False']);

/** Identifier text, NFKC-normalized when non-ASCII. CPython: Parser/pegen.c _PyPegen_new_identifier */
export function newIdentifier(p: Parser, n: string): string {
  for (let i = 0; i < n.length; i++) {
    if (n.charCodeAt(i) >= 0x80) {
      const id = n.normalize('NFKC');
      if (FORBIDDEN_IDENTIFIERS.has(id)) {
        // CPython raises ValueError here; it has no location.
        throw new PySyntaxError('SyntaxError', `identifier field can't represent '${id}' constant`, p.filename,
          undefined, undefined, undefined, undefined, undefined);
      }
      return id;
    }
  }
  return n;
}

/** CPython: Parser/pegen.c _PyPegen_name_from_token */
function nameFromToken(p: Parser, t: Token): ast.Name {
  // A NAME spans one line, and its UTF-8 width equals its UTF-16 length only when it
  // is all ASCII: then newIdentifier would return the text unchanged.
  const s = t.string;
  const id = t.end_col_offset - t.col_offset === s.length ? s : newIdentifier(p, s);
  return new ast.Name(id, ast.Load.instance, t.lineno, t.col_offset, t.end_lineno, t.end_col_offset);
}

/** CPython: Parser/pegen.c _PyPegen_name_token */
export function nameToken(p: Parser): ast.Name | undefined {
  const t = expectToken(p, NAME);
  return t === undefined ? undefined : nameFromToken(p, t);
}

/** CPython: Parser/pegen.c _PyPegen_string_token */
export function stringToken(p: Parser): Token | undefined {
  return expectToken(p, STRING);
}

/** A NAME that is one of the grammar's soft keywords. CPython: Parser/pegen.c _PyPegen_soft_keyword_token */
export function softKeywordToken(p: Parser): ast.Name | undefined {
  const t = expectToken(p, NAME);
  if (t === undefined) return undefined;
  return p.soft_keywords.includes(t.string) ? nameFromToken(p, t) : undefined;
}

/** CPython: Parser/pegen.c _PyPegen_number_token */
export function numberToken(p: Parser): ast.Constant | undefined {
  const t = expectToken(p, NUMBER);
  if (t === undefined) return undefined;
  const numRaw = t.string;
  if (p.feature_version < 6 && numRaw.includes('_')) {
    RAISE_SYNTAX_ERROR(p, 'Underscores in numeric literals are only supported in Python 3.6 and greater');
  }
  let value;
  try {
    value = parseNumber(numRaw);
  } catch (e) {
    // The only ValueError here is int()'s digit limit; columns are omitted on purpose.
    if (!(e instanceof IntMaxStrDigitsError)) throw e;
    RAISE_ERROR_KNOWN_LOCATION(p, 'SyntaxError', t.lineno, -1, t.end_lineno, -1,
      `${e.message} - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.`);
  }
  return new ast.Constant(value, undefined, t.lineno, t.col_offset, t.end_lineno, t.end_col_offset);
}

let dummy: ast.Name | undefined;

/** The placeholder result of alternatives without an action. CPython: Parser/pegen.c _PyPegen_dummy_name */
export function dummyName(_p: Parser): ast.Name {
  dummy ??= new ast.Name('', ast.Load.instance, 1, 0, 1, 0);
  return dummy;
}

/**
 * `interactive: ENDMARKER`: the end of interactive input is a failure (the REPL reads
 * E_EOF from the error code). CPython: Parser/pegen.c _PyPegen_interactive_exit
 */
export function interactiveExit(p: Parser): ast.stmt[] | undefined {
  p.errcode = 'eof';
  return undefined;
}

/** The type comment's text. CPython: Parser/pegen.c _PyPegen_new_type_comment */
export function newTypeComment(_p: Parser, s: string): string {
  return s;
}

// ---------------------------------------------------------------------------
// Errors (pegen.h macros)
// ---------------------------------------------------------------------------

/** CPython: Parser/pegen_errors.c _Pypegen_stack_overflow */
export function stackOverflow(p: Parser): never {
  p.error_indicator = true;
  throw new PySyntaxError('MemoryError', 'Parser stack overflowed - Python source too complex to parse',
    p.filename, undefined, undefined, undefined, undefined, undefined);
}

/** CPython: Parser/pegen.h RAISE_ERROR_KNOWN_LOCATION */
export function RAISE_ERROR_KNOWN_LOCATION(
  p: Parser, kind: 'SyntaxError' | 'IndentationError', lineno: number, col_offset: number,
  end_lineno: number, end_col_offset: number, msg: string,
): never {
  const col = col_offset === CURRENT_POS ? CURRENT_POS : col_offset + 1;
  const endCol = end_col_offset === CURRENT_POS ? CURRENT_POS : end_col_offset + 1;
  return raiseErrorKnownLocation(p, kind, lineno, col, end_lineno, endCol, msg);
}

export function RAISE_SYNTAX_ERROR(p: Parser, msg: string): never {
  return raiseError(p, 'SyntaxError', false, msg);
}

export function RAISE_INDENTATION_ERROR(p: Parser, msg: string): never {
  return raiseError(p, 'IndentationError', false, msg);
}

export function RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN(p: Parser, msg: string): never {
  return raiseError(p, 'SyntaxError', true, msg);
}

export function RAISE_SYNTAX_ERROR_KNOWN_RANGE(p: Parser, a: Location, b: Location, msg: string): never {
  return RAISE_ERROR_KNOWN_LOCATION(p, 'SyntaxError', a.lineno, a.col_offset, b.end_lineno, b.end_col_offset, msg);
}

export function RAISE_SYNTAX_ERROR_KNOWN_LOCATION(p: Parser, a: Location, msg: string): never {
  return RAISE_ERROR_KNOWN_LOCATION(p, 'SyntaxError', a.lineno, a.col_offset, a.end_lineno, a.end_col_offset, msg);
}

export function RAISE_SYNTAX_ERROR_STARTING_FROM(p: Parser, a: Location, msg: string): never {
  return RAISE_ERROR_KNOWN_LOCATION(p, 'SyntaxError', a.lineno, a.col_offset, CURRENT_POS, CURRENT_POS, msg);
}

/** Raises "cannot assign to/delete X" when `e` holds an invalid target. CPython: pegen.h _RAISE_SYNTAX_ERROR_INVALID_TARGET */
export function RAISE_SYNTAX_ERROR_INVALID_TARGET(p: Parser, type: TargetsType, e: ast.expr | undefined): undefined {
  const invalidTarget = getInvalidTarget(e, type);
  if (invalidTarget !== undefined) {
    const msg = type === STAR_TARGETS || type === FOR_TARGETS ? 'cannot assign to %s' : 'cannot delete %s';
    RAISE_SYNTAX_ERROR_KNOWN_LOCATION(p, invalidTarget, msg.replace('%s', getExprName(invalidTarget)));
  }
  return undefined;
}

/** CPython: Parser/pegen.h INVALID_VERSION_CHECK / CHECK_VERSION */
export function CHECK_VERSION<T>(p: Parser, version: number, msg: string, node: T): T {
  if (node === undefined) return node;
  if (p.feature_version < version) {
    p.error_indicator = true;
    RAISE_SYNTAX_ERROR(p, `${msg} only supported in Python 3.${version} and greater`);
  }
  return node;
}

/** CPython: Parser/pegen.h NEW_TYPE_COMMENT */
export function NEW_TYPE_COMMENT(p: Parser, tc: Token | undefined): string | undefined {
  return tc === undefined ? undefined : newTypeComment(p, tc.string);
}
