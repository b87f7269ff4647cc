// Unicode character name lookup for `\N{name}` escapes.
// CPython: Modules/unicodedata.c _getcode (reached through the ucnhash C API with
// with_named_seq = 0): Hangul syllables and CJK unified ideographs are computed,
// every other name (and every formal alias) comes from the name table, compared
// case-insensitively (ASCII). The table is generated from CPython's own unicodedata
// (src/generated/unicode_names.ts) and decoded into a Map on the first lookup.
//
// Behaviour follows CPython 3.14.2 (pyodide, the project's reference): the
// "HANGUL SYLLABLE " and "CJK UNIFIED IDEOGRAPH-" prefixes are matched
// case-sensitively and the ideograph's hex digits must be upper case.

import {
  ALIAS_CODE_POINTS,
  ALIAS_NAMES,
  CHARACTER_NAMES,
  CJK_UNIFIED_RANGES,
} from '../generated/unicode_names.js';

let table: Map<string, number> | undefined;

/**
 * The code point named `name` (a character name or a formal alias, as `\N{}` takes
 * it), or -1 when there is no such name.
 * CPython: Modules/unicodedata.c _getcode
 */
export function lookupUnicodeName(name: string): number {
  if (name.startsWith(HANGUL_PREFIX)) return hangulSyllable(name);
  if (name.startsWith(CJK_PREFIX)) return cjkUnifiedIdeograph(name);
  table ??= decodeTable();
  return table.get(asciiUpper(name)) ?? -1;
}

function asciiUpper(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) return s.toUpperCase();
  }
  return s;
}

// --- the generated table --------------------------------------------------------

const PREFIX_BASE = 0xc0;

function decodeTable(): Map<string, number> {
  const map = new Map<string, number>();
  let cp = -1;
  decodeFrontCoded(CHARACTER_NAMES, (name, step) => {
    cp += step;
    map.set(name, cp);
  });
  let i = 0;
  decodeFrontCoded(ALIAS_NAMES, (name) => {
    map.set(name, ALIAS_CODE_POINTS[i++]!);
  });
  return map;
}

/** Calls `visit(name, codePointStep)` for each entry (format: scripts/gen-unicode-names.ts). */
function decodeFrontCoded(data: string, visit: (name: string, step: number) => void): void {
  let previous = '';
  let i = 0;
  while (i < data.length) {
    let step = 1;
    if (data.charCodeAt(i) === 0x7b /* { */) {
      const close = data.indexOf('}', i);
      step = parseInt(data.slice(i + 1, close), 36);
      i = close + 1;
    }
    const shared = data.charCodeAt(i) - PREFIX_BASE;
    let end = ++i;
    while (end < data.length && isNameChar(data.charCodeAt(end))) end++;
    previous = previous.slice(0, shared) + data.slice(i, end);
    visit(previous, step);
    i = end;
  }
}

function isNameChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x20 || c === 0x2d;
}

// --- CJK unified ideographs -----------------------------------------------------

const CJK_PREFIX = 'CJK UNIFIED IDEOGRAPH-';

// CPython: Modules/unicodedata.c _getcode (the "CJK UNIFIED IDEOGRAPH-" branch)
function cjkUnifiedIdeograph(name: string): number {
  const digits = name.length - CJK_PREFIX.length;
  if (digits !== 4 && digits !== 5) return -1;
  let v = 0;
  for (let i = CJK_PREFIX.length; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) v = v * 16 + (c - 0x30);
    else if (c >= 0x41 && c <= 0x46) v = v * 16 + (c - 0x41 + 10);
    else return -1;
  }
  return isUnifiedIdeograph(v) ? v : -1;
}

// CPython: Modules/unicodedata.c is_unified_ideograph
function isUnifiedIdeograph(code: number): boolean {
  for (let i = 0; i < CJK_UNIFIED_RANGES.length; i += 2) {
    if (code >= CJK_UNIFIED_RANGES[i]! && code <= CJK_UNIFIED_RANGES[i + 1]!) return true;
  }
  return false;
}

// --- Hangul syllables -----------------------------------------------------------

const HANGUL_PREFIX = 'HANGUL SYLLABLE ';
const S_BASE = 0xac00;
// The jamo short names of the syllable algorithm (Unicode §3.12), one list per column.
const L_NAMES = ['G', 'GG', 'N', 'D', 'DD', 'R', 'M', 'B', 'BB', 'S', 'SS', '', 'J', 'JJ', 'C', 'K', 'T', 'P', 'H'];
const V_NAMES = [
  'A', 'AE', 'YA', 'YAE', 'EO', 'E', 'YEO', 'YE', 'O', 'WA', 'WAE', 'OE', 'YO', 'U', 'WEO', 'WE', 'WI', 'YU', 'EU',
  'YI', 'I',
];
const T_NAMES = [
  '', 'G', 'GG', 'GS', 'N', 'NJ', 'NH', 'D', 'L', 'LG', 'LM', 'LB', 'LS', 'LT', 'LP', 'LH', 'M', 'B', 'BS', 'S', 'SS',
  'NG', 'J', 'C', 'K', 'T', 'P', 'H',
];

// CPython: Modules/unicodedata.c _getcode (the "HANGUL SYLLABLE " branch)
function hangulSyllable(name: string): number {
  let pos = HANGUL_PREFIX.length;
  const l = findSyllable(name, pos, L_NAMES);
  pos += L_NAMES[l]?.length ?? 0;
  const v = findSyllable(name, pos, V_NAMES);
  pos += V_NAMES[v]?.length ?? 0;
  const t = findSyllable(name, pos, T_NAMES);
  pos += T_NAMES[t]?.length ?? 0;
  if (l < 0 || v < 0 || t < 0 || pos !== name.length) return -1;
  return S_BASE + (l * V_NAMES.length + v) * T_NAMES.length + t;
}

/** Index of the longest jamo name found at `pos` (the first of equal length), or -1. */
// CPython: Modules/unicodedata.c find_syllable
function findSyllable(name: string, pos: number, names: readonly string[]): number {
  let best = -1;
  let bestLength = -1;
  for (let i = 0; i < names.length; i++) {
    const jamo = names[i]!;
    if (jamo.length <= bestLength) continue;
    if (name.startsWith(jamo, pos)) {
      best = i;
      bestLength = jamo.length;
    }
  }
  return best;
}
