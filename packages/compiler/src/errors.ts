// The compiler's syntax error record, with the fields of CPython's SyntaxError.

export type SyntaxErrorKind =
  | 'SyntaxError'
  | 'IndentationError'
  | 'TabError'
  | '_IncompleteInputError'
  /** The parser's rule-nesting limit (CPython raises MemoryError, not a SyntaxError). */
  | 'MemoryError'
  /** Nesting too deep for the compiler's recursive passes (CPython: RecursionError "... during compilation"). */
  | 'RecursionError';

/**
 * A SyntaxError (or IndentationError / TabError) as CPython 3.14 raises it.
 * `offset` and `end_offset` are 1-based character (code point) columns, like
 * CPython's SyntaxError attributes; `text` is the offending source line.
 * It extends Error so JavaScript callers of `@tspy/compiler` can catch it like
 * any error; the VM converts it into a Python exception object.
 */
export class PySyntaxError extends Error {
  constructor(
    readonly kind: SyntaxErrorKind,
    readonly msg: string,
    readonly filename: string,
    readonly lineno: number | undefined,
    readonly offset: number | undefined,
    readonly text: string | undefined,
    readonly end_lineno: number | undefined,
    readonly end_offset: number | undefined,
  ) {
    super(msg);
    this.name = kind;
  }

  /**
   * SyntaxError._metadata: where the last statement the error pass parsed starts, and
   * the source; set by the parser, read by traceback's keyword-typo suggestions.
   * CPython: Parser/pegen.c _PyPegen_set_syntax_error_metadata
   */
  metadata?: { lineno: number; col_offset: number; source: string | undefined };
}

/** Number of UTF-8 bytes needed for `s.slice(from, to)`. */
export function utf8Length(s: string, from = 0, to = s.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n += 4; i++; } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * Number of code points in the first `byteOffset` UTF-8 bytes of `line` (offsets
 * past the end are clamped to one past it; a cut multi-byte character counts as
 * one replacement character). Callers add 1 where CPython does.
 * CPython: Parser/pegen.c _PyPegen_byte_offset_to_character_offset_raw
 */
export function byteOffsetToCharOffset(line: string, byteOffset: number): number {
  const len = utf8Length(line);
  if (byteOffset > len + 1) byteOffset = len + 1;
  let bytes = 0;
  let chars = 0;
  for (let i = 0; i < line.length && bytes < byteOffset; ) {
    const c = line.codePointAt(i)!;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    i += c >= 0x10000 ? 2 : 1;
    chars++;
  }
  if (byteOffset > len) chars += byteOffset - len; // the C string's terminating NUL
  return chars;
}
