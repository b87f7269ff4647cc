// Grammar-action helpers for string literals, f-strings and t-strings: the string
// part of CPython's Parser/action_helpers.c (3.14). The grammar calls them as
// `h.fooBar(p, ...)` for C's `_PyPegen_foo_bar(p, ...)`; `EXTRA` supplies the last
// four arguments (lineno, col_offset, end_lineno, end_col_offset).

import * as ast from '../ast/nodes.js';
import { PyBytes, PyWideStr, pyStr, strCodePoints, strRepr, type PyConst } from '@tspy/bytecode';
import type { Token } from '../tokenizer/token.js';
import { TSTRING, type TokMode } from '../tokenizer/state.js';
import {
  RAISE_SYNTAX_ERROR,
  RAISE_SYNTAX_ERROR_KNOWN_LOCATION,
  RAISE_SYNTAX_ERROR_KNOWN_RANGE,
  type Parser,
  type TokenSource,
} from './pegen.js';
import { decodeString, parseString, raiseDecodeError } from './string_parser.js';

/** A rule result carrying the tokenizer metadata of its first token. CPython: Parser/pegen.h ResultTokenWithMetadata */
export class ResultTokenWithMetadata {
  constructor(
    readonly result: ast.expr,
    /** The f-string `=` debug text recorded by the tokenizer (CPython: token metadata). */
    readonly metadata: string | undefined,
  ) {}
}

// ---------------------------------------------------------------------------
// Tokenizer state the actions consult
// ---------------------------------------------------------------------------

/** The tokenizer's mode stack (CPython: tok->tok_mode_stack). */
interface ModeStackSource extends TokenSource {
  modeStack?: readonly TokMode[];
}

/** The current mode when the tokenizer is inside an f-/t-string. CPython: Parser/lexer/state.h INSIDE_FSTRING, TOK_GET_MODE */
function insideFstringMode(p: Parser): TokMode | undefined {
  const tok = p.tok as ModeStackSource;
  return tok.modeStackIndex > 0 ? tok.modeStack?.[tok.modeStackIndex] : undefined;
}

/** 'f' or 't'. CPython: Parser/lexer/state.h TOK_GET_STRING_PREFIX */
function stringPrefix(p: Parser): string {
  const tok = p.tok as ModeStackSource;
  return tok.modeStack?.[tok.modeStackIndex]?.stringKind === TSTRING ? 't' : 'f';
}

// ---------------------------------------------------------------------------
// str values
// ---------------------------------------------------------------------------

function isEmptyStr(v: PyConst): boolean {
  return v === '';
}

/** The str value's text as the tokenizer saw it (a PyWideStr holds valid code points). */
function strText(v: string | PyWideStr): string {
  return typeof v === 'string' ? v : v.toString();
}

/** Concatenation of str values. CPython: PyUnicodeWriter_WriteStr */
function concatStr(values: readonly (string | PyWideStr)[]): string | PyWideStr {
  let allNarrow = true;
  for (const v of values) if (typeof v !== 'string') allNarrow = false;
  if (allNarrow) return (values as string[]).join('');
  const cps: number[] = [];
  for (const v of values) for (const cp of strCodePoints(v)) cps.push(cp);
  return pyStr(cps);
}

// ---------------------------------------------------------------------------
// Constants from tokens
// ---------------------------------------------------------------------------

/** Decodes a literal part of an f-string. CPython: Parser/action_helpers.c _PyPegen_decode_fstring_part */
function decodeFstringPart(p: Parser, isRaw: boolean, constant: ast.Constant, token: Token): ast.Constant {
  let text = strText(constant.value as string | PyWideStr);
  if (text === '{{' || text === '}}') text = text.slice(0, 1);
  isRaw ||= text.indexOf('\\') < 0;
  let value: string | PyWideStr;
  try {
    value = decodeString(p, isRaw, text, token);
  } catch (e) {
    raiseDecodeError(p, e);
  }
  return new ast.Constant(value, undefined, constant.lineno, constant.col_offset, constant.end_lineno, constant.end_col_offset);
}

/** The FSTRING_MIDDLE text as is (decoded later by joinedStr). CPython: Parser/action_helpers.c _PyPegen_constant_from_token */
export function constantFromToken(_p: Parser, tok: Token): ast.Constant {
  return new ast.Constant(pyStr(tok.string), undefined, tok.lineno, tok.col_offset, tok.end_lineno, tok.end_col_offset);
}

/**
 * A format-spec literal, decoded now. A bad escape here escapes as CPython's
 * UnicodeDecodeError (PyUnicodeDecodeError), not as a SyntaxError, as in CPython.
 * CPython: Parser/action_helpers.c _PyPegen_decoded_constant_from_token
 */
export function decodedConstantFromToken(p: Parser, tok: Token): ast.Constant {
  const isRaw = insideFstringMode(p)?.raw ?? false;
  const value = decodeString(p, isRaw, tok.string, tok);
  return new ast.Constant(value, undefined, tok.lineno, tok.col_offset, tok.end_lineno, tok.end_col_offset);
}

/** A STRING token's Constant. CPython: Parser/action_helpers.c _PyPegen_constant_from_string */
export function constantFromString(p: Parser, tok: Token): ast.Constant {
  let value: string | PyWideStr | PyBytes;
  try {
    value = parseString(p, tok);
  } catch (e) {
    raiseDecodeError(p, e);
  }
  const kind = tok.string.charCodeAt(0) === 0x75 /* u */ ? 'u' : undefined;
  return new ast.Constant(value, kind, tok.lineno, tok.col_offset, tok.end_lineno, tok.end_col_offset);
}

// ---------------------------------------------------------------------------
// f-strings and t-strings
// ---------------------------------------------------------------------------

const enum StringKind {
  FSTRING,
  TSTRING,
}

/**
 * The parts of an f-/t-string: literal parts decoded (empty ones dropped) and the
 * two-item JoinedStr of a `=` debug field flattened.
 * CPython: Parser/action_helpers.c _get_resized_exprs
 */
function getResizedExprs(p: Parser, a: Token, rawExpressions: readonly ast.expr[], b: Token, kind: StringKind): ast.expr[] {
  const isRaw = hasRawPrefix(a.string);
  const seq: ast.expr[] = [];
  for (let item of rawExpressions) {
    if (item instanceof ast.JoinedStr) {
      if (item.values.length !== 2) {
        throw new Error(
          kind === StringKind.TSTRING
            ? `SystemError: unexpected TemplateStr node without debug data in t-string at line ${item.lineno}`
            : `SystemError: unexpected JoinedStr node without debug data in f-string at line ${item.lineno}`,
        );
      }
      seq.push(item.values[0]!, item.values[1]!);
      continue;
    }
    if (item instanceof ast.Constant) {
      item = decodeFstringPart(p, isRaw, item, b);
      // The tokenizer emits parts that may decode to nothing (e.g. a lone "\\\n").
      if (isEmptyStr((item as ast.Constant).value)) continue;
    }
    seq.push(item);
  }
  return seq;
}

/** Whether an FSTRING_START/TSTRING_START token's prefix has r or R (C: strpbrk(quote_str, "rR")). */
function hasRawPrefix(start: string): boolean {
  for (let i = 0; i < start.length; i++) {
    const c = start.charCodeAt(i);
    if (c === 0x72 || c === 0x52) return true;
  }
  return false;
}

/** CPython: Parser/action_helpers.c _PyPegen_template_str */
export function templateStr(p: Parser, a: Token, rawExpressions: ast.expr[], b: Token): ast.TemplateStr {
  const values = getResizedExprs(p, a, rawExpressions, b, StringKind.TSTRING);
  return new ast.TemplateStr(values, a.lineno, a.col_offset, b.end_lineno, b.end_col_offset);
}

/** CPython: Parser/action_helpers.c _PyPegen_joined_str */
export function joinedStr(p: Parser, a: Token, rawExpressions: ast.expr[], b: Token): ast.JoinedStr {
  const values = getResizedExprs(p, a, rawExpressions, b, StringKind.FSTRING);
  return new ast.JoinedStr(values, a.lineno, a.col_offset, b.end_lineno, b.end_col_offset);
}

/** CPython: Parser/action_helpers.c _PyPegen_check_fstring_conversion */
export function checkFstringConversion(p: Parser, convToken: Token, conv: ast.Name): ResultTokenWithMetadata {
  if (convToken.lineno !== conv.lineno || convToken.end_col_offset !== conv.col_offset) {
    RAISE_SYNTAX_ERROR_KNOWN_RANGE(
      p, convToken, conv, `${stringPrefix(p)}-string: conversion type must come right after the exclamation mark`,
    );
  }
  const id = conv.id;
  const first = id.codePointAt(0)!;
  const oneChar = id.length === (first > 0xffff ? 2 : 1);
  if (!oneChar || !(first === 0x73 /* s */ || first === 0x72 /* r */ || first === 0x61 /* a */)) {
    RAISE_SYNTAX_ERROR_KNOWN_LOCATION(
      p, conv, `${stringPrefix(p)}-string: invalid conversion character ${strRepr(pyStr(id))}: expected 's', 'r', or 'a'`,
    );
  }
  return new ResultTokenWithMetadata(conv, convToken.metadata);
}

/** CPython: Parser/action_helpers.c _PyPegen_setup_full_format_spec */
export function setupFullFormatSpec(
  p: Parser, colon: Token, spec: ast.expr[],
  lineno: number, col_offset: number, end_lineno: number, end_col_offset: number,
): ResultTokenWithMetadata {
  // An empty format spec is an *empty* JoinedStr (compatibility with 3.11), so empty
  // constants are dropped.
  const items = spec.filter((item) => !(item instanceof ast.Constant && isEmptyStr(item.value)));
  const res =
    items.length === 0 || (items.length === 1 && items[0] instanceof ast.Constant)
      ? new ast.JoinedStr(items, lineno, col_offset, end_lineno, end_col_offset)
      : concatenateStrings(p, items, lineno, col_offset, end_lineno, end_col_offset);
  return new ResultTokenWithMetadata(res, colon.metadata);
}

/** The conversion character's code, 'r' for a debug field without one, else -1. CPython: Parser/action_helpers.c _get_interpolation_conversion */
function getInterpolationConversion(
  debug: Token | undefined, conversion: ResultTokenWithMetadata | undefined, format: ResultTokenWithMetadata | undefined,
): number {
  if (conversion !== undefined) return (conversion.result as ast.Name).id.codePointAt(0)!;
  if (debug !== undefined && format === undefined) return 0x72; // 'r'
  return -1;
}

/** Python's str.isspace() for one code point. CPython: Objects/unicodectype.c _PyUnicode_IsWhitespace */
function isUnicodeWhitespace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c === 0x85 || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

/** The expression text without trailing whitespace and '='. CPython: Parser/action_helpers.c _strip_interpolation_expr */
function stripInterpolationExpr(exprstr: string): string {
  let len = exprstr.length;
  while (len > 0) {
    const c = exprstr.charCodeAt(len - 1);
    if (!isUnicodeWhitespace(c) && c !== 0x3d /* = */) break;
    len--;
  }
  return exprstr.slice(0, len);
}

/** Where the `=` debug text ends and what it is. */
class DebugText {
  constructor(
    readonly endLine: number,
    readonly endOffset: number,
    readonly metadata: string | undefined,
  ) {}
}

/** The debug text's end and text: up to the conversion, the format spec or the closing brace. */
function debugText(
  conversion: ResultTokenWithMetadata | undefined, format: ResultTokenWithMetadata | undefined,
  closingBrace: Token, endLineno: number, endColOffset: number,
): DebugText {
  if (conversion !== undefined) {
    return new DebugText(conversion.result.lineno, conversion.result.col_offset, conversion.metadata);
  }
  if (format !== undefined) {
    return new DebugText(format.result.lineno, format.result.col_offset + 1, format.metadata);
  }
  return new DebugText(endLineno, endColOffset, closingBrace.metadata);
}

/** A `=` debug field: the text Constant then the value, in a two-item JoinedStr that joinedStr flattens. */
function withDebugText(value: ast.expr, debug: DebugText, lineno: number, col_offset: number): ast.JoinedStr {
  const text = new ast.Constant(pyStr(debug.metadata ?? ''), undefined, lineno, col_offset + 1, debug.endLine, debug.endOffset - 1);
  return new ast.JoinedStr([text, value], lineno, col_offset, debug.endLine, debug.endOffset);
}

/** CPython: Parser/action_helpers.c _PyPegen_interpolation */
export function interpolation(
  _p: Parser, expression: ast.expr, debug: Token | undefined, conversion: ResultTokenWithMetadata | undefined,
  format: ResultTokenWithMetadata | undefined, closingBrace: Token,
  lineno: number, col_offset: number, end_lineno: number, end_col_offset: number,
): ast.expr {
  const conversionVal = getInterpolationConversion(debug, conversion, format);
  const text = debugText(conversion, format, closingBrace, end_lineno, end_col_offset);
  const exprstr = pyStr(stripInterpolationExpr(text.metadata ?? ''));
  const node = new ast.Interpolation(
    expression, exprstr, conversionVal, format?.result, lineno, col_offset, end_lineno, end_col_offset,
  );
  return debug === undefined ? node : withDebugText(node, text, lineno, col_offset);
}

/** CPython: Parser/action_helpers.c _PyPegen_formatted_value */
export function formattedValue(
  _p: Parser, expression: ast.expr, debug: Token | undefined, conversion: ResultTokenWithMetadata | undefined,
  format: ResultTokenWithMetadata | undefined, closingBrace: Token,
  lineno: number, col_offset: number, end_lineno: number, end_col_offset: number,
): ast.expr {
  const conversionVal = getInterpolationConversion(debug, conversion, format);
  const node = new ast.FormattedValue(expression, conversionVal, format?.result, lineno, col_offset, end_lineno, end_col_offset);
  if (debug === undefined) return node;
  return withDebugText(node, debugText(conversion, format, closingBrace, end_lineno, end_col_offset), lineno, col_offset);
}

// ---------------------------------------------------------------------------
// Implicit concatenation
// ---------------------------------------------------------------------------

// CPython: Parser/action_helpers.c _build_concatenated_bytes
function buildConcatenatedBytes(
  strings: readonly ast.expr[], lineno: number, col_offset: number, end_lineno: number, end_col_offset: number,
): ast.Constant {
  const parts = strings.map((s) => ((s as ast.Constant).value as PyBytes).data);
  const data = new Uint8Array(parts.reduce((n, d) => n + d.length, 0));
  let at = 0;
  for (const d of parts) {
    data.set(d, at);
    at += d.length;
  }
  // Bytes literals never get a kind; mirror the str rule anyway, as CPython does.
  const kind = (strings[0] as ast.Constant).kind;
  return new ast.Constant(new PyBytes(data), kind, lineno, col_offset, end_lineno, end_col_offset);
}

// CPython: Parser/action_helpers.c _build_concatenated_unicode
function buildConcatenatedUnicode(
  strings: readonly ast.expr[], lineno: number, col_offset: number, end_lineno: number, end_col_offset: number,
): ast.Constant {
  // The first string decides the kind: u"abc" "def" -> u"abcdef", "abc" u"abc" -> "abcabc".
  const kind = (strings[0] as ast.Constant).kind;
  const value = concatStr(strings.map((s) => (s as ast.Constant).value as string | PyWideStr));
  return new ast.Constant(value, kind, lineno, col_offset, end_lineno, end_col_offset);
}

/**
 * The values of concatenated f-/t-strings and strings: nested JoinedStr/TemplateStr
 * values flattened, runs of constants folded into one, empty constants dropped.
 * CPython: Parser/action_helpers.c _build_concatenated_str
 */
function buildConcatenatedStr(strings: readonly ast.expr[]): ast.expr[] {
  const flattened: ast.expr[] = [];
  for (const elem of strings) {
    if (elem instanceof ast.JoinedStr || elem instanceof ast.TemplateStr) flattened.push(...elem.values);
    else flattened.push(elem);
  }

  const values: ast.expr[] = [];
  for (let i = 0; i < flattened.length; i++) {
    let elem = flattened[i]!;
    if (elem instanceof ast.Constant) {
      if (i + 1 < flattened.length && flattened[i + 1] instanceof ast.Constant) {
        const first = elem;
        let last = elem;
        const parts: (string | PyWideStr)[] = [];
        let j = i;
        for (; j < flattened.length; j++) {
          const current = flattened[j]!;
          if (!(current instanceof ast.Constant)) break;
          parts.push(current.value as string | PyWideStr);
          last = current;
        }
        i = j - 1;
        elem = new ast.Constant(concatStr(parts), first.kind, first.lineno, first.col_offset, last.end_lineno, last.end_col_offset);
      }
      // Drop all empty constant strings.
      if (isEmptyStr((elem as ast.Constant).value)) continue;
    }
    values.push(elem);
  }
  return values;
}

/** CPython: Parser/action_helpers.c _PyPegen_concatenate_tstrings */
export function concatenateTstrings(
  _p: Parser, strings: ast.expr[], lineno: number, col_offset: number, end_lineno: number, end_col_offset: number,
): ast.TemplateStr {
  return new ast.TemplateStr(buildConcatenatedStr(strings), lineno, col_offset, end_lineno, end_col_offset);
}

/** CPython: Parser/action_helpers.c _PyPegen_concatenate_strings */
export function concatenateStrings(
  p: Parser, strings: ast.expr[], lineno: number, col_offset: number, end_lineno: number, end_col_offset: number,
): ast.expr {
  let fStringFound = false;
  let unicodeStringFound = false;
  let bytesFound = false;
  for (const elem of strings) {
    if (elem instanceof ast.Constant) {
      if (elem.value instanceof PyBytes) bytesFound = true;
      else unicodeStringFound = true;
    } else {
      // A TemplateStr cannot get here: the grammar routes t-strings elsewhere.
      fStringFound = true;
    }
  }
  if ((unicodeStringFound || fStringFound) && bytesFound) {
    RAISE_SYNTAX_ERROR(p, 'cannot mix bytes and nonbytes literals');
  }
  if (!fStringFound) {
    if (strings.length === 1) return strings[0]!;
    if (bytesFound) return buildConcatenatedBytes(strings, lineno, col_offset, end_lineno, end_col_offset);
    return buildConcatenatedUnicode(strings, lineno, col_offset, end_lineno, end_col_offset);
  }
  return new ast.JoinedStr(buildConcatenatedStr(strings), lineno, col_offset, end_lineno, end_col_offset);
}
