// STRING token decoding (constantFromString → parseString → escape decoders) against
// CPython 3.14 (pyodide): values, `kind`, SyntaxWarnings for invalid escapes, and the
// SyntaxErrors for bad escapes, including -Werror's SyntaxError locations.

import { describe, expect, it } from 'vitest';
import { runPython } from '@tspy/test-support';
import { constantFromString } from '../src/parser/action_strings.js';
import {
  describeConstant,
  describeError,
  describeWarnings,
  parserWithToken,
  PY_DESCRIBE,
  stringToken,
} from './strings-harness.js';

const PREFIXES = ['', 'r', 'u', 'R', 'U', 'b', 'B', 'rb', 'bR', 'Rb', 'BR', 'br', 'rB'];
const QUOTES = ["'", '"', "'''", '"""'];
const BODIES = [
  '', 'abc', 'a b\tc', '\\n', '\\t\\r\\v\\f\\a\\b\\0', '\\\\', "\\'", '\\"', '\\x41', '\\x4g', '\\x4', '\\x', '\\xff',
  '\\u00e9', '\\u00E9x', '\\u12', '\\U0001F600', '\\U0010FFFF', '\\U00110000', '\\U0001F60', '\\ud83d\\ude00', '\\ud800',
  '\\udfff!', '\\N{BULLET}', '\\N{bullet}', '\\N{LATIN SMALL LETTER E WITH ACUTE}', '\\N{NO SUCH NAME}', '\\N{', '\\N',
  '\\N{}', '\\N{BULLET', 'x\\N{BULLET}y\\N{EM DASH}', '\\N{HANGUL SYLLABLE GAG}', '\\N{CJK UNIFIED IDEOGRAPH-4E00}',
  '\\N{NUL}', '\\N{KEYCAP NUMBER SIGN}', '\\d', '\\d\\e', 'ab\\q', '\\777', '\\400', '\\377', '\\1234', '\\12', '\\8',
  '\\9', '\\ ', '\\{', '\\}', 'é', 'é\\q', 'é\\x1', '\\é', 'a\\😀', '😀', '😀\\d', 'ab😀cd', '\\U0001F600\\ud83d',
  'naïve café', '日本語', '\\u65e5\\u672c', 'a\\\nb', '\\\n', 'x\\\n\\d', '\n\\d', 'line1\nline2\\q', 'é\n\\x4',
  '\\N{LATIN CAPITAL LETTER A}\\N{BULLET}\\777', '%s{}', '\\0377', '\\08',
];

/** Well-formed single-token literals only (CPython's tokenizer decides). */
const FILTER = `
import io, tokenize
def one_string_token(src):
    try:
        toks = list(tokenize.generate_tokens(io.StringIO(src).readline))
    except Exception:
        return False
    return toks[0].type == tokenize.STRING and toks[0].string == src
`;

const ORACLE = `${PY_DESCRIBE}${FILTER}
out = []
for src in json.loads(CASES):
    if not one_string_token(src):
        out.append(None)
        continue
    row = []
    for werror in (False, True):
        with warnings.catch_warnings(record=True) as ws:
            warnings.simplefilter('error' if werror else 'always')
            try:
                c = ast.parse(src, mode='eval').body
                row.append([describe_constant(c.value, c.kind), describe_warnings(ws)])
            except SyntaxError as e:
                row.append([describe_error(e), describe_warnings(ws)])
    out.append(row)
print(json.dumps(out))
`;

function ours(src: string): unknown[] {
  const row: unknown[] = [];
  for (const werror of [false, true]) {
    const token = stringToken(src);
    const p = parserWithToken(src, token, { warningsAreErrors: werror });
    try {
      const c = constantFromString(p, token);
      row.push([describeConstant(c.value, c.kind), describeWarnings(p.warnings)]);
    } catch (e) {
      row.push([describeError(e), describeWarnings(p.warnings)]);
    }
  }
  return row;
}

async function oracle(cases: readonly string[]): Promise<(unknown[] | null)[]> {
  return JSON.parse(await runPython(`CASES = ${JSON.stringify(JSON.stringify(cases))}\n${ORACLE}`)) as (unknown[] | null)[];
}

describe('STRING literals vs CPython 3.14', () => {
  it('all prefixes × quotes × escape bodies', async () => {
    const cases: string[] = [];
    for (const prefix of PREFIXES) {
      for (const q of QUOTES) for (const body of BODIES) cases.push(prefix + q + body + q);
    }
    const expected = await oracle(cases);
    const checked = cases.filter((_, i) => expected[i] !== null);
    expect(checked.length).toBeGreaterThan(1000);
    const mismatches: string[] = [];
    cases.forEach((src, i) => {
      if (expected[i] === null) return;
      const actual = ours(src);
      if (JSON.stringify(actual) !== JSON.stringify(expected[i])) {
        mismatches.push(`${JSON.stringify(src)}\n  cpython ${JSON.stringify(expected[i])}\n  tspy    ${JSON.stringify(actual)}`);
      }
    });
    expect(mismatches.slice(0, 15).join('\n')).toBe('');
  });

  it('feature_version < 12 reports DeprecationWarning', async () => {
    const cases = ["'\\d'", "b'\\d'", "'\\777'", "'ok'"];
    const expected = JSON.parse(
      await runPython(`${PY_DESCRIBE}
out = []
for src in json.loads(CASES):
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter('always')
        ast.parse(src, feature_version=(3, 11))
    out.append(describe_warnings(ws))
print(json.dumps(out))
`.replace('CASES', JSON.stringify(JSON.stringify(cases)))),
    ) as unknown[];
    const actual = cases.map((src) => {
      const token = stringToken(src);
      const p = parserWithToken(src, token, { featureVersion: 11 });
      constantFromString(p, token);
      return describeWarnings(p.warnings);
    });
    expect(actual).toEqual(expected);
  });
});
