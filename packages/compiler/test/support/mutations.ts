// Source mutations that turn (mostly valid) generated programs into near-misses: token
// deletion, duplication, swaps and replacement, stray brackets and characters, changed
// indentation, tabs, newlines, continuation backslashes and truncation.

import fc from 'fast-check';

/** Rough Python tokens: names, numbers, whole simple string literals, operators, single
 *  characters, and the whitespace between them (joining the tokens gives the source back). */
const ROUGH_TOKEN =
  /\s+|[rRbBuUfFtT]{0,2}(?:"""[^]*?"""|'''[^]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')|[\p{L}\p{N}_]+|"""|'''|\*\*=?|\/\/=?|<<=?|>>=?|->|:=|\.\.\.|[-+*/%@&|^=!<>]=|./gsu;

export function roughTokens(source: string): string[] {
  return source.match(ROUGH_TOKEN) ?? [];
}

const STRAY_CHARACTERS = [
  '$', '?', '!', '`', '\\', "'", '"', '#', '\0', '\r', '\f', '\v', 'é', '😀', '\u00a0', '\u200b', '\ufeff', ';', ':',
  ',', '.', '@', '=', '{', '}', '\t', ' ', '\x7f', '\u2028', '0', 'x', 'λ', '_', '€', '\x1b', '\\\n', '\n',
];
const BRACKETS = ['(', ')', '[', ']', '{', '}'];
const REPLACEMENTS = [
  'if', 'else', 'for', 'in', 'not', 'and', 'or', 'lambda', 'yield', 'await', 'async', 'def', 'class', 'return', 'match',
  'case', 'type', '_', 'None', 'print', '(', ')', '[', ']', ':', '=', '==', ',', '*', '**', '.', '...', '->', ':=', '@',
  '"', "f'", '\\', '#', 'import', 'from', 'del', 'global', 'except*', 'pass', 't"{', '}', '!r', '0x', '1_',
];
const INDENT_CHANGES = ['add space', 'remove one', 'to tab', 'add tab', 'add four', 'dedent all'] as const;

export type Mutation =
  | { kind: 'delete token' | 'duplicate token' | 'swap tokens'; at: number }
  | { kind: 'replace token'; at: number; text: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'indent'; line: number; change: (typeof INDENT_CHANGES)[number] }
  | { kind: 'truncate'; at: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constantFrom('delete token', 'duplicate token', 'swap tokens'), at: fc.nat() }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('replace token'), at: fc.nat(), text: fc.constantFrom(...REPLACEMENTS) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('insert'), at: fc.nat(), text: fc.constantFrom(...BRACKETS) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('insert'), at: fc.nat(), text: fc.constantFrom(...STRAY_CHARACTERS) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('indent'), line: fc.nat(), change: fc.constantFrom(...INDENT_CHANGES) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('truncate'), at: fc.nat() }), weight: 1 },
) as fc.Arbitrary<Mutation>;

/** `at` moved off the middle of a surrogate pair (a lone surrogate cannot be UTF-8 encoded). */
function codePointBoundary(source: string, at: number): number {
  const code = source.charCodeAt(at);
  return code >= 0xdc00 && code <= 0xdfff && at > 0 ? at + 1 : at;
}

function mutateTokens(source: string, m: Mutation & { at: number }): string {
  const tokens = roughTokens(source);
  const solid = tokens.flatMap((t, i) => (/^\s/.test(t) ? [] : [i]));
  if (solid.length === 0) return source;
  const i = solid[m.at % solid.length]!;
  switch (m.kind) {
    case 'delete token': tokens.splice(i, 1); break;
    case 'duplicate token': tokens.splice(i, 0, tokens[i]!); break;
    case 'swap tokens': {
      const j = solid[(m.at + 1) % solid.length]!;
      [tokens[i], tokens[j]] = [tokens[j]!, tokens[i]!];
      break;
    }
    case 'replace token': tokens[i] = (m as { text: string }).text; break;
    default: break;
  }
  return tokens.join('');
}

function changeIndentation(source: string, lineIndex: number, change: (typeof INDENT_CHANGES)[number]): string {
  const lines = source.split('\n');
  const k = lineIndex % lines.length;
  const line = lines[k]!;
  const indent = /^[ \t\f]*/.exec(line)![0];
  const rest = line.slice(indent.length);
  const changed: Record<(typeof INDENT_CHANGES)[number], string> = {
    'add space': ` ${indent}`,
    'remove one': indent.slice(1),
    'to tab': indent.replace(/ {1,8}/g, '\t'),
    'add tab': `\t${indent}`,
    'add four': `    ${indent}`,
    'dedent all': '',
  };
  lines[k] = changed[change] + rest;
  return lines.join('\n');
}

export function applyMutation(source: string, m: Mutation): string {
  switch (m.kind) {
    case 'insert': {
      const at = codePointBoundary(source, m.at % (source.length + 1));
      return source.slice(0, at) + m.text + source.slice(at);
    }
    case 'indent':
      return changeIndentation(source, m.line, m.change);
    case 'truncate':
      return source.slice(0, codePointBoundary(source, m.at % (source.length + 1)));
    default:
      return mutateTokens(source, m);
  }
}

/** `program` unchanged half of the time, else with 1–3 mutations. */
export function maybeMutated(program: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(program, fc.boolean(), fc.array(mutation, { minLength: 1, maxLength: 3 }))
    .map(([source, mutate, mutations]) => (mutate ? mutations.reduce(applyMutation, source) : source));
}
