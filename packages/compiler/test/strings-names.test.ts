// `\N{name}` lookup (src/parser/unicode_names.ts + the generated table) against
// CPython 3.14 (pyodide): every character name and formal alias unicodedata knows,
// case variants, and names CPython rejects.

import { describe, expect, it } from 'vitest';
import { runPython } from '@tspy/test-support';
import { lookupUnicodeName } from '../src/parser/unicode_names.js';

/** [name, code point CPython's \N{} gives it, or -1] for a list of candidate names. */
const EVAL_NAMES = `
import json
def n_escape(name):
    try:
        return ord(eval('"\\\\N{' + name + '}"'))
    except SyntaxError:
        return -1
print(json.dumps([[n, n_escape(n)] for n in json.loads(NAMES)]))
`;

async function cpythonEscapes(names: readonly string[]): Promise<[string, number][]> {
  return JSON.parse(await runPython(`NAMES = ${JSON.stringify(JSON.stringify(names))}\n${EVAL_NAMES}`)) as [string, number][];
}

describe('\\N{} name lookup vs CPython 3.14', () => {
  it('every unicodedata.name() resolves to its code point', async () => {
    const pairs = JSON.parse(
      await runPython(`
import json, unicodedata
out = []
for cp in range(0x110000):
    n = unicodedata.name(chr(cp), None)
    if n is not None:
        out.append([n, ord(unicodedata.lookup(n))])
print(json.dumps(out))
`),
    ) as [string, number][];
    expect(pairs.length).toBeGreaterThan(140_000);
    const wrong = pairs.filter(([name, cp]) => lookupUnicodeName(name) !== cp).slice(0, 20);
    expect(wrong).toEqual([]);
  });

  it('every formal alias resolves; named sequences do not', async () => {
    const names = JSON.parse(
      await runPython(`
import json
out = []
for cp in list(range(0xF0000, 0xF0200)) + list(range(0xF0200, 0xF0400)):
    text = chr(cp).encode('ascii', 'namereplace').decode()
    if text.startswith('\\\\N{'):
        out.append(text[3:-1])
print(json.dumps(out))
`),
    ) as string[];
    expect(names.length).toBeGreaterThan(470);
    const expected = await cpythonEscapes(names);
    expect(names.map((n) => [n, lookupUnicodeName(n)])).toEqual(expected);
  });

  it('case variants, algorithmic names and malformed names', async () => {
    const names = [
      'latin small letter a', 'Latin Small Letter A', 'LATIN SMALL LETTER A', 'LATIN  SMALL LETTER A',
      ' LATIN SMALL LETTER A', 'LATIN SMALL LETTER A ', 'null', 'Null', 'bel', 'BELL', 'bell',
      'KEYCAP NUMBER SIGN', 'LATIN CAPITAL LETTER A WITH MACRON AND GRAVE', 'line feed', 'lf', 'byte order mark',
      'HANGUL SYLLABLE GA', 'hangul syllable ga', 'HANGUL SYLLABLE ga', 'HANGUL SYLLABLE GAG', 'HANGUL SYLLABLE A',
      'HANGUL SYLLABLE GGA', 'HANGUL SYLLABLE GAX', 'HANGUL SYLLABLE ', 'HANGUL SYLLABLE', 'HANGUL SYLLABLE I',
      'HANGUL SYLLABLE HIH', 'HANGUL SYLLABLE SSYAENG', 'HANGUL SYLLABLE GAGG', 'HANGUL SYLLABLE GGAGS',
      'HANGUL SYLLABLE YI', 'HANGUL SYLLABLE YYI', 'HANGUL SYLLABLE WAE', 'HANGUL SYLLABLE WAEN', 'HANGUL SYLLABLE G',
      'CJK UNIFIED IDEOGRAPH-4E00', 'cjk unified ideograph-4E00', 'CJK UNIFIED IDEOGRAPH-4e00', 'CJK UNIFIED IDEOGRAPH-9FFF',
      'CJK UNIFIED IDEOGRAPH-A000', 'CJK UNIFIED IDEOGRAPH-2A6DF', 'CJK UNIFIED IDEOGRAPH-2A6E0', 'CJK UNIFIED IDEOGRAPH-323AF',
      'CJK UNIFIED IDEOGRAPH-4E0', 'CJK UNIFIED IDEOGRAPH-', 'CJK UNIFIED IDEOGRAPH-04E00', 'CJK UNIFIED IDEOGRAPH-3400',
      'CJK UNIFIED IDEOGRAPH-33FF', 'CJK COMPATIBILITY IDEOGRAPH-F900', 'cjk compatibility ideograph-f900',
      'TANGUT IDEOGRAPH-17000', 'TANGUT COMPONENT-001', 'KHITAN SMALL SCRIPT CHARACTER-18B00', 'NUSHU CHARACTER-1B170',
      'EGYPTIAN HIEROGLYPH-13460', 'EGYPTIAN HIEROGLYPH A001', 'egyptian hieroglyph a001', 'DIGIT ZERO', 'digit zero',
      'LATIN SMALL LETTER GHA', 'latin small letter gha', 'VS256', 'vs1', 'FVS4', 'SP', 'NBSP', 'x', '-', 'A',
    ];
    const expected = await cpythonEscapes(names);
    expect(names.map((n) => [n, lookupUnicodeName(n)])).toEqual(expected);
  });
});
