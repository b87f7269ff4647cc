// The few str operations the keyword-typo search needs, with Python's exact semantics.
// CPython: Lib/textwrap.py dedent, Objects/unicodeobject.c (splitlines, isspace, strip)

/** Code points for which Python's str.isspace() is true (bidi WS/B/S or category Zs). */
const PY_WHITESPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
  0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** Code points that end a line for str.splitlines(). */
const LINE_BREAKS = new Set([0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029]);

export function isPySpaceChar(c: string): boolean {
  return PY_WHITESPACE.has(c.codePointAt(0)!);
}

/** CPython: str.isspace (false for the empty string) */
export function isPySpace(s: string): boolean {
  if (s === '') return false;
  for (const c of s) if (!isPySpaceChar(c)) return false;
  return true;
}

/** CPython: str.strip() */
export function pyStrip(s: string): string {
  const chars = Array.from(s);
  let start = 0;
  let end = chars.length;
  while (start < end && isPySpaceChar(chars[start]!)) start++;
  while (end > start && isPySpaceChar(chars[end - 1]!)) end--;
  return chars.slice(start, end).join('');
}

/** CPython: str.splitlines() (without keepends) */
export function pySplitlines(s: string): string[] {
  const lines: string[] = [];
  let start = 0;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (!LINE_BREAKS.has(c)) {
      i++;
      continue;
    }
    lines.push(s.slice(start, i));
    i += c === 0x0d && s.charCodeAt(i + 1) === 0x0a ? 2 : 1;
    start = i;
  }
  if (start < s.length) lines.push(s.slice(start));
  return lines;
}

/** Python's str ordering: by code point (JavaScript's `<` compares UTF-16 units). */
export function comparePyStrings(x: string, y: string): number {
  const a = Array.from(x, (c) => c.codePointAt(0)!);
  const b = Array.from(y, (c) => c.codePointAt(0)!);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * Removes the leading spaces and tabs common to every non-blank line; blank lines become empty.
 * CPython: Lib/textwrap.py dedent
 */
export function dedent(text: string): string {
  const lines = text.split('\n');
  const nonBlank = lines.filter((l) => l !== '' && !isPySpace(l));
  let l1 = '';
  let l2 = '';
  if (nonBlank.length) {
    l1 = nonBlank.reduce((m, l) => (comparePyStrings(l, m) < 0 ? l : m));
    l2 = nonBlank.reduce((m, l) => (comparePyStrings(l, m) > 0 ? l : m));
  }
  // enumerate(l1) with a break: margin stops at the first differing or non-blank character.
  const c1 = Array.from(l1);
  const c2 = Array.from(l2);
  let margin = 0;
  for (margin = 0; margin < c1.length; margin++) {
    const c = c1[margin]!;
    if (c !== c2[margin] || (c !== ' ' && c !== '\t')) break;
  }
  if (margin === c1.length && margin > 0) margin--; // the loop ran out: Python's margin is the last index
  return lines.map((l) => (isPySpace(l) ? '' : Array.from(l).slice(margin).join(''))).join('\n');
}
