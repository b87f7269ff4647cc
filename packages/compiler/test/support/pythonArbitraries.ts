// fast-check arbitraries producing Python 3.14 programs as text, following the grammar
// (Grammar/python.gram): every expression form at every precedence level, with the fewest
// parentheses the grammar needs (so the parser's precedence climbing is what gets tested),
// comprehensions, lambdas, f-/t-strings, calls with star arguments, slices, and every
// statement (match/case, try/except*, with, decorators, async, type aliases and type
// parameters, walrus, global/nonlocal, annotations). Programs are valid by construction
// except for rare, deliberate near-misses (bad literals, keywords as names, argument or
// parameter order mistakes), so both parsers' error paths get exercised as well.

import fc from 'fast-check';
import { roughTokens } from './mutations.js';

type Arb = fc.Arbitrary<string>;

/** A generated expression and the precedence of its outermost operator. */
export interface Expr {
  text: string;
  prec: number;
}
type ExprArb = fc.Arbitrary<Expr>;

/** One source line: its indentation level and text (rendered later with a chosen unit). */
export interface Line {
  level: number;
  text: string;
}

// Precedence, lowest first (Grammar/python.gram: star_expressions … atom).
const P = {
  TUPLE: -2, WALRUS: -1, LAMBDA: 0, IFEXP: 1, OR: 2, AND: 3, NOT: 4, COMPARE: 5, BITOR: 6, BITXOR: 7,
  BITAND: 8, SHIFT: 9, SUM: 10, TERM: 11, UNARY: 12, POWER: 13, AWAIT: 14, PRIMARY: 15, ATOM: 16,
} as const;

const MAX_EXPRESSION_DEPTH = 3;
const MAX_BLOCK_DEPTH = 2;
/** Weight of a deliberately invalid choice against VALID of a valid one. */
const VALID = 2000;
const NEAR_MISS = 1;

function weighted<T>(weight: number, arbitrary: fc.Arbitrary<T>): { arbitrary: fc.Arbitrary<T>; weight: number } {
  return { arbitrary, weight };
}

function listOf(item: Arb, minLength: number, maxLength: number, separator = ', '): Arb {
  return fc.array(item, { minLength, maxLength }).map((items) => items.join(separator));
}

/** `arbitrary` with probability `percent`%, else ''. */
function optional(arbitrary: Arb, percent = 50): Arb {
  return fc.oneof(weighted(100 - percent, fc.constant('')), weighted(percent, arbitrary));
}

function template(parts: TemplateStringsArray, ...arbitraries: Arb[]): Arb {
  return fc.tuple(...arbitraries).map((values) => parts.reduce((text, part, i) => text + values[i - 1] + part));
}

/** Mostly `valid`, rarely `nearMiss`. */
function mostly(valid: Arb, nearMiss: Arb): Arb {
  return fc.oneof(weighted(VALID, valid), weighted(NEAR_MISS, nearMiss));
}

function expr(prec: number): (text: string) => Expr {
  return (text) => ({ text, prec });
}

/** The text of `e`, parenthesized when its precedence is below `min`. */
function at(e: ExprArb, min: number): Arb {
  return e.map((x) => (x.prec >= min ? x.text : `(${x.text})`));
}

/** A primary to put before `.name`: `1.x` would lex as the float `1.` and a name. */
function attributeBase(e: ExprArb): Arb {
  return at(e, P.PRIMARY).map((t) => (/^\d[\d_]*$/.test(t) ? `(${t})` : t));
}

// ---- lexical pools --------------------------------------------------------------------

const PLAIN_NAMES = [
  'x', 'y', 'z', 'a', 'b', 'c', 'n', 'i', 'self', 'cls', '_a1', '__dunder__', 'print', 'Foo', 'T',
  // soft keywords used as ordinary names
  'match', 'case', 'type', '_',
  // non-ASCII identifiers: multi-byte UTF-8 columns, NFKC normalisation (ﬁ → fi, 𝔘 → U)
  'é', 'λ', 'ﬁle', '名前', 'Ωmega', '𝔘𝔫𝔦', 'ℌx',
];
const NOT_NAMES = ['None', 'True', 'await', 'async', 'lambda', 'pass', 'from', 'in', 'not', 'yield', 'def', '__debug__'];

const name: Arb = mostly(fc.constantFrom(...PLAIN_NAMES), fc.constantFrom(...NOT_NAMES));
const simpleName: Arb = fc.constantFrom('x', 'y', 'a', 'b', 'n', 'T', 'é', 'match');
const className: Arb = fc.constantFrom('C', 'Point', 'Foo', 'Ünï', 'type', 'case');

const VALID_NUMBERS = [
  '0', '1', '2', '42', '1_000', '0x1F', '0XfF', '0o17', '0b101', '0_0', '00', '1.5', '1e10', '1E-3', '1.5j',
  '3J', '.5', '5.', '1_0.0_1e+1_0', '12345678901234567890', '0xFFFF_FFFF_FFFF_FFFF_FF', '1e400', '0.0', '0e0',
];
const INVALID_NUMBERS = ['1__0', '0777', '1_', '0x', '1e', '0b2', '09.5x', '1.2.3', '0o8', '5_j'];
const number: Arb = mostly(fc.constantFrom(...VALID_NUMBERS), fc.constantFrom(...INVALID_NUMBERS));

// ---- string literals --------------------------------------------------------------------

const STRING_BODIES = [
  '', 'abc', '\\n', '\\t\\x41', '\\\\', "it\\'s", '\\"q\\"', '\\d', '\\0', '\\777', 'tab\there', 'a\\\nb', '%s %d',
];
const TEXT_ONLY_BODIES = ['héllo wörld', '日本語', '😀', '\\u00e9\\U0001F600', '\\N{EM DASH}', '\\ud800'];
const TRIPLE_BODIES = ['\nline two\n', 'a\n  b\n', 'it\'s "quoted" ok'];
const BAD_BODIES = ['\\x4', '\\N{NO SUCH NAME}', '\\U0011ffff', 'unterminated\n'];
const TEXT_PREFIXES = ['', '', '', '', 'r', 'R', 'u', 'U'];
const BYTES_PREFIXES = ['b', 'B', 'rb', 'Br', 'bR'];
const BAD_PREFIXES = ['ub', 'ur', 'bu', 'rr'];
const QUOTES = ["'", '"', "'''", '"""'];

function quoted(prefixes: readonly string[], bodies: readonly string[]): Arb {
  return fc
    .tuple(fc.constantFrom(...prefixes), fc.constantFrom(...QUOTES), fc.constantFrom(...bodies), fc.constantFrom(...TRIPLE_BODIES), fc.nat(3))
    .map(([prefix, quote, body, tripleBody, pick]) => {
      const text = quote.length === 3 && pick === 0 ? tripleBody : body;
      return `${prefix}${quote}${text}${quote}`;
    });
}

const textString: Arb = fc.oneof(
  weighted(VALID, quoted(TEXT_PREFIXES, [...STRING_BODIES, ...TEXT_ONLY_BODIES])),
  weighted(NEAR_MISS, quoted(BAD_PREFIXES, STRING_BODIES)),
  weighted(NEAR_MISS, quoted(TEXT_PREFIXES, BAD_BODIES)),
);
const bytesString: Arb = mostly(quoted(BYTES_PREFIXES, STRING_BODIES), quoted(BYTES_PREFIXES, TEXT_ONLY_BODIES));

const F_LITERAL_PARTS = ['abc', ' ', '{{', '}}', 'é', '\\n', '%d', '日本', ':', '!', '\\N{BULLET}', '\\\\'];
const F_BAD_PARTS = ['\\{', '}', '{', '{}', '{ }', '{!r}'];
const CONVERSIONS = ['', '', '', '!r', '!s', '!a'];
const FORMAT_SPECS = ['', '', '', ':>10', ':.2f', ':', ':{w}', ':{x}.{y}', ':^{n}d', ':,', ':%Y-%m-%d', ':#x', ':=^8', ':{x!r}'];
const F_PREFIXES = ['f', 'F', 'rf', 'fR', 'Rf'];
const T_PREFIXES = ['t', 'T', 'rt', 'Tr'];
const F_BAD_PREFIXES = ['ft', 'bf', 'fb', 'tb', 'uf'];

/** f-strings (or t-strings) whose replacement fields hold expressions from `inner`. */
function formattedString(inner: ExprArb, prefixes: readonly string[]): Arb {
  const field = fc
    .tuple(at(inner, P.IFEXP), fc.constantFrom('', '', '', '=', ' = '), fc.constantFrom(...CONVERSIONS), fc.constantFrom(...FORMAT_SPECS))
    .map(([expression, debug, conversion, spec]) => {
      // `{{` would be an escaped brace: a display inside a field needs a space.
      const padded = expression.startsWith('{') ? ` ${expression}` : expression;
      return `{${padded}${debug}${conversion}${spec}}`;
    });
  const part = fc.oneof(weighted(VALID * 2, fc.constantFrom(...F_LITERAL_PARTS)), weighted(VALID * 3, field), weighted(NEAR_MISS, fc.constantFrom(...F_BAD_PARTS)));
  return fc
    .tuple(mostly(fc.constantFrom(...prefixes), fc.constantFrom(...F_BAD_PREFIXES)), fc.constantFrom(...QUOTES), fc.array(part, { maxLength: 3 }))
    .map(([prefix, quote, parts]) => `${prefix}${quote}${parts.join('')}${quote}`);
}

/** One string literal or an implicit concatenation of literals that may be mixed: str with
 *  f-strings, bytes with bytes, t-strings with t-strings (rarely, a forbidden mix). */
function stringLiteral(inner: ExprArb): ExprArb {
  const concatenated = (piece: Arb) => fc.oneof(weighted(5, piece), weighted(1, listOf(piece, 2, 3, ' ')));
  const text = fc.oneof(weighted(3, textString), weighted(2, formattedString(inner, F_PREFIXES)));
  const template = formattedString(inner, T_PREFIXES);
  const mixed = listOf(fc.oneof(textString, bytesString, template), 2, 2, ' ');
  return fc
    .oneof(weighted(6 * VALID, concatenated(text)), weighted(2 * VALID, concatenated(bytesString)), weighted(2 * VALID, concatenated(template)), weighted(NEAR_MISS, mixed))
    .map(expr(P.ATOM));
}

// ---- expressions --------------------------------------------------------------------

/** Binary operators with their precedence. */
const BINARY: readonly [string, number][] = [
  ['|', P.BITOR], ['^', P.BITXOR], ['&', P.BITAND], ['<<', P.SHIFT], ['>>', P.SHIFT], ['+', P.SUM], ['-', P.SUM],
  ['*', P.TERM], ['/', P.TERM], ['//', P.TERM], ['%', P.TERM], ['@', P.TERM],
];
const COMPARISONS = ['<', '>', '==', '>=', '<=', '!=', 'in', 'not in', 'is', 'is not'];

interface Level {
  e: ExprArb;
  /** star_named_expression: a named expression or `*bitwise_or` (displays, match subjects). */
  item: Arb;
  /** star_expression: an expression (no walrus) or `*bitwise_or` (bare tuples, for, return). */
  starItem: Arb;
}

function itemsOf(e: ExprArb): { item: Arb; starItem: Arb } {
  const starred = at(e, P.BITOR).map((x) => `*${x}`);
  return {
    item: fc.oneof(weighted(8, at(e, P.WALRUS)), weighted(1, starred)),
    starItem: fc.oneof(weighted(8, at(e, P.LAMBDA)), weighted(1, starred)),
  };
}

interface ParameterParts {
  name: string;
  annotation: string;
  value: string;
}

/** A parameter list in the grammar's order (posonly / normal, * kwonly, **kw), defaults
 *  kept after non-defaults; a rare near-miss breaks the order. */
function parameters(annotation: Arb | undefined, value: Arb, starredAnnotation?: Arb): Arb {
  const one = fc.record({
    name,
    annotation: annotation ? optional(annotation, 30) : fc.constant(''),
    value: optional(value, 30),
  });
  const starAnnotation = annotation
    ? optional(fc.oneof(weighted(3, annotation), weighted(1, (starredAnnotation ?? annotation).map((a) => `*${a}`))), 30)
    : fc.constant('');
  return fc
    .record({
      positional: fc.array(one, { maxLength: 4 }),
      slashAfter: fc.nat(4),
      star: fc.constantFrom('', '', '*', '*args'),
      starAnnotation,
      keywordOnly: fc.array(one, { maxLength: 2 }),
      doubleStar: fc.constantFrom('', '', '**kw'),
      doubleStarAnnotation: annotation ? optional(annotation, 30) : fc.constant(''),
      trailingComma: fc.boolean(),
      mistake: fc.oneof(weighted(VALID, fc.constant(false)), weighted(NEAR_MISS * 3, fc.constant(true))),
    })
    .map((r) => {
      const render = (p: ParameterParts) => {
        const annotated = p.annotation ? `${p.name}: ${p.annotation}` : p.name;
        if (!p.value) return annotated;
        return p.annotation ? `${annotated} = ${p.value}` : `${annotated}=${p.value}`;
      };
      let seenDefault = false;
      const positional = r.positional.map((p) => {
        seenDefault ||= p.value !== '';
        return seenDefault && !p.value && !r.mistake ? { ...p, value: '0' } : p;
      });
      const parts = positional.map(render);
      if (r.slashAfter > 0 && r.slashAfter <= parts.length) parts.splice(r.slashAfter, 0, '/');
      let star = r.star === '*args' && r.starAnnotation ? `*args: ${r.starAnnotation}` : r.star;
      if (!star && r.keywordOnly.length > 0 && !r.mistake) star = '*';
      if (star === '*' && r.keywordOnly.length === 0 && !r.mistake) r.keywordOnly.push({ name: 'k', annotation: '', value: '' });
      if (star) parts.push(star);
      parts.push(...r.keywordOnly.map(render));
      if (r.doubleStar) parts.push(r.doubleStarAnnotation ? `**kw: ${r.doubleStarAnnotation}` : r.doubleStar);
      if (r.mistake && parts.length > 1) parts.push(parts.shift()!);
      return parts.join(', ') + (r.trailingComma && parts.length > 0 ? ',' : '');
    });
}

function typeParameters(e: ExprArb): Arb {
  const expression = at(e, P.LAMBDA);
  const starred = at(e, P.BITOR);
  const bound = optional(fc.oneof(expression, template`(${expression}, ${expression})`).map((b) => `: ${b}`), 40);
  const one = fc.record({
    text: fc.oneof(
      weighted(4, template`${simpleName}${bound}`),
      weighted(1, fc.constantFrom('*Ts', '*Us')),
      weighted(1, fc.constantFrom('**P', '**Q')),
    ),
    value: optional(expression, 25),
    starredValue: optional(starred, 25),
  });
  return fc.array(one, { minLength: 1, maxLength: 3 }).map((params) => {
    let seenDefault = false;
    const rendered = params.map(({ text, value, starredValue }) => {
      seenDefault ||= value !== '';
      const v = seenDefault ? value || 'int' : '';
      if (!v) return text;
      if (text.startsWith('**')) return `${text} = [${v}]`;
      return text.startsWith('*') ? `${text} = *${starredValue || 'Ts'}` : `${text} = ${v}`;
    });
    return `[${rendered.join(', ')}]`;
  });
}

/** star_targets built over `primary`: names, attributes, subscripts, nested sequences. */
function assignmentTargets(primary: Arb, slice: Arb): { single: Arb; list: Arb } {
  const single = fc.oneof(
    weighted(8, name),
    weighted(2, template`${primary}.${name}`),
    weighted(2, template`${primary}[${slice}]`),
  );
  const element = fc.oneof(weighted(6, single), weighted(1, template`(${single}, ${single})`), weighted(1, template`[${single}, *${name}]`));
  const sequence = fc
    .tuple(fc.array(element, { minLength: 2, maxLength: 3 }), fc.nat(5), name)
    .map(([elements, starAt, starred]) => {
      if (starAt < elements.length) elements[starAt] = `*${starred}`;
      return elements.join(', ');
    });
  const list = fc.oneof(weighted(5, single), weighted(2, sequence), weighted(1, element.map((t) => `${t},`)), weighted(1, template`[${listOf(element, 1, 2)}]`));
  return { single, list };
}

function comprehensionClauses(level: Level, target: Arb): Arb {
  const disjunction = at(level.e, P.OR);
  const clause = fc
    .tuple(fc.constantFrom('', '', '', 'async '), target, disjunction, fc.array(disjunction.map((c) => ` if ${c}`), { maxLength: 2 }))
    .map(([asyncKeyword, t, iterable, conditions]) => ` ${asyncKeyword}for ${t} in ${iterable}${conditions.join('')}`);
  return fc.array(clause, { minLength: 1, maxLength: 2 }).map((clauses) => clauses.join(''));
}

function slices(level: Level): Arb {
  const expression = at(level.e, P.LAMBDA);
  const bound = optional(expression, 60);
  const slice = fc.oneof(
    weighted(4, at(level.e, P.WALRUS)),
    weighted(2, template`${bound}:${bound}`),
    weighted(1, template`${bound}:${bound}:${bound}`),
    weighted(1, at(level.e, P.BITOR).map((x) => `*${x}`)),
  );
  return fc.oneof(weighted(5, slice), weighted(1, listOf(slice, 2, 3)), weighted(1, slice.map((s) => `${s},`)));
}

/** Call arguments in a valid order (positional and *, then keyword and *, then **). */
function callArguments(level: Level, target: Arb, allowGenerator = true): Arb {
  const expression = at(level.e, P.LAMBDA);
  const argument = fc.oneof(
    weighted(6, fc.tuple(fc.constant(0), at(level.e, P.WALRUS))),
    weighted(1, fc.tuple(fc.constant(0), expression.map((x) => `*${x}`))),
    weighted(3, fc.tuple(fc.constant(1), template`${name}=${expression}`)),
    weighted(1, fc.tuple(fc.constant(1), expression.map((x) => `*${x}`))),
    weighted(1, fc.tuple(fc.constant(2), expression.map((x) => `**${x}`))),
  );
  const ordered = fc
    .tuple(fc.array(argument, { maxLength: 4 }), fc.oneof(weighted(VALID, fc.constant(true)), weighted(NEAR_MISS * 3, fc.constant(false))), fc.boolean())
    .map(([args, sort, trailingComma]) => {
      const list = sort ? [...args].sort((a, b) => a[0] - b[0]) : args;
      return list.map(([, text]) => text).join(', ') + (trailingComma && list.length > 0 ? ',' : '');
    });
  if (!allowGenerator) return ordered;
  return fc.oneof(weighted(8, ordered), weighted(1, template`${at(level.e, P.WALRUS)}${comprehensionClauses(level, target)}`));
}

function nextLevel(below: Level): Level {
  const { e, item } = below;
  const primary = at(e, P.PRIMARY);
  const names = name.map(expr(P.ATOM));
  const target = assignmentTargets(names.map((n) => n.text), at(e, P.LAMBDA)).list;
  const items = (min: number) => listOf(item, min, 3);
  const withTrailing = (min: number) => fc.tuple(items(min), fc.boolean()).map(([text, comma]) => (text && comma ? `${text},` : text));
  const binary = fc
    .tuple(fc.constantFrom(...BINARY), e, e)
    .map(([[op, prec], left, right]) => {
      const l = left.prec >= prec ? left.text : `(${left.text})`;
      const r = right.prec > prec ? right.text : `(${right.text})`;
      return { text: `${l} ${op} ${r}`, prec };
    });
  const power = template`${at(e, P.AWAIT)} ** ${at(e, P.UNARY)}`.map(expr(P.POWER));
  const comparison = fc
    .tuple(at(e, P.BITOR), fc.array(fc.tuple(fc.constantFrom(...COMPARISONS), at(e, P.BITOR)), { minLength: 1, maxLength: 3 }))
    .map(([first, rest]) => rest.reduce((text, [op, operand]) => `${text} ${op} ${operand}`, first))
    .map(expr(P.COMPARE));
  const boolean = (op: string, prec: number) => listOf(at(e, prec + 1), 2, 3, ` ${op} `).map(expr(prec));
  const dictEntry = fc.oneof(weighted(4, template`${at(e, P.LAMBDA)}: ${at(e, P.LAMBDA)}`), weighted(1, at(e, P.BITOR).map((x) => `**${x}`)));
  const lambdaParameters = optional(parameters(undefined, at(e, P.LAMBDA)).map((p) => (p ? ` ${p}` : '')), 60);
  const yieldExpr = fc.oneof(fc.constant('yield'), template`yield ${listOf(below.starItem, 1, 2)}`, template`yield from ${at(e, P.LAMBDA)}`);
  const forms: { arbitrary: ExprArb; weight: number }[] = [
    weighted(12, e),
    weighted(8, binary),
    weighted(2, power),
    weighted(3, comparison),
    weighted(2, boolean('or', P.OR)),
    weighted(2, boolean('and', P.AND)),
    weighted(2, at(e, P.NOT).map((x) => ({ text: `not ${x}`, prec: P.NOT }))),
    weighted(3, fc.tuple(fc.constantFrom('-', '+', '~'), at(e, P.UNARY)).map(([op, x]) => ({ text: `${op}${x}`, prec: P.UNARY }))),
    weighted(2, template`${at(e, P.OR)} if ${at(e, P.OR)} else ${at(e, P.LAMBDA)}`.map(expr(P.IFEXP))),
    weighted(2, template`lambda${lambdaParameters}: ${at(e, P.LAMBDA)}`.map(expr(P.LAMBDA))),
    weighted(2, template`${name} := ${at(e, P.LAMBDA)}`.map(expr(P.WALRUS))),
    weighted(1, at(e, P.PRIMARY).map((x) => ({ text: `await ${x}`, prec: P.AWAIT }))),
    weighted(2, at(e, P.TUPLE).map((x) => ({ text: `(${x})`, prec: P.ATOM }))),
    weighted(2, fc.oneof(fc.constant('()'), item.map((x) => `(${x},)`), template`(${items(2)})`).map(expr(P.ATOM))),
    weighted(3, withTrailing(0).map((x) => ({ text: `[${x}]`, prec: P.ATOM }))),
    weighted(1, withTrailing(1).map((x) => ({ text: `{${x}}`, prec: P.ATOM }))),
    weighted(2, listOf(dictEntry, 0, 3).map((x) => ({ text: `{${x}}`, prec: P.ATOM }))),
    weighted(1, template`[${at(e, P.WALRUS)}${comprehensionClauses(below, target)}]`.map(expr(P.ATOM))),
    weighted(1, template`{${at(e, P.WALRUS)}${comprehensionClauses(below, target)}}`.map(expr(P.ATOM))),
    weighted(1, template`{${at(e, P.LAMBDA)}: ${at(e, P.LAMBDA)}${comprehensionClauses(below, target)}}`.map(expr(P.ATOM))),
    weighted(1, template`(${at(e, P.WALRUS)}${comprehensionClauses(below, target)})`.map(expr(P.ATOM))),
    weighted(6, template`${primary}(${callArguments(below, target)})`.map(expr(P.PRIMARY))),
    weighted(4, template`${attributeBase(e)}.${name}`.map(expr(P.PRIMARY))),
    weighted(4, template`${primary}[${slices(below)}]`.map(expr(P.PRIMARY))),
    weighted(1, yieldExpr.map((x) => ({ text: `(${x})`, prec: P.ATOM }))),
    weighted(2, stringLiteral(e)),
  ];
  const next = fc.oneof(...forms);
  return { e: next, ...itemsOf(next) };
}

const atomicName: Arb = fc.oneof(name, number);
const atom: ExprArb = fc.oneof(
  weighted(12, name.map(expr(P.ATOM))),
  weighted(6, number.map(expr(P.ATOM))),
  weighted(2, fc.constantFrom('None', 'True', 'False', '...', '__debug__').map(expr(P.ATOM))),
  weighted(3, stringLiteral(atomicName.map(expr(P.ATOM)))),
);

function expressionLevels(): Level[] {
  const levels: Level[] = [{ e: atom, ...itemsOf(atom) }];
  for (let depth = 1; depth <= MAX_EXPRESSION_DEPTH; depth++) levels.push(nextLevel(levels[depth - 1]!));
  return levels;
}

// ---- patterns (match/case) -----------------------------------------------------------

const LITERAL_PATTERNS = ['0', '-1', '1.5', '1+2j', '-3-4j', '"s"', "b'x'", 'None', 'True', 'False', "'a' 'b'", '1e3j', '-0', '0x_1'];
const BAD_PATTERNS = ['f"x"', '1+2', 'a()', '-x', '{**_}', '*a', 'x as _'];

/** Pattern precedence: `p as n` < `p | q` < closed patterns (Grammar/python.gram). */
const AS_PATTERN = 0;
const OR_PATTERN = 1;
const CLOSED_PATTERN = 2;

function patterns(): Arb {
  const capture = fc.constantFrom('x', 'y', 'rest', 'é', 'match', 'case', 'type');
  const closed = (text: string): Expr => ({ text, prec: CLOSED_PATTERN });
  const atomPattern: ExprArb = fc.oneof(
    weighted(3 * VALID, fc.constantFrom(...LITERAL_PATTERNS)),
    weighted(3 * VALID, capture),
    weighted(2 * VALID, fc.constant('_')),
    weighted(2 * VALID, template`${capture}.${name}`),
    weighted(VALID, template`${capture}.${name}.${name}`),
    weighted(NEAR_MISS * 3, fc.constantFrom(...BAD_PATTERNS)),
  ).map(closed);
  let level: ExprArb = atomPattern;
  for (let depth = 0; depth < 2; depth++) {
    const any = level.map((x) => x.text);
    const sequence = (min: number) =>
      fc.tuple(fc.array(any, { minLength: min, maxLength: 3 }), fc.nat(4)).map(([ps, starAt]) => {
        if (starAt < ps.length) ps.splice(starAt, 0, '*rest');
        return ps.join(', ');
      });
    const mappingKey = fc.constantFrom('"k"', '1', 'None', 'a.b', '-2', "b'k'", '1+1j');
    const mapping = fc
      .tuple(listOf(template`${mappingKey}: ${any}`, 0, 3), fc.constantFrom('', '', '**kw'))
      .map(([entries, rest]) => [entries, rest].filter(Boolean).join(', '));
    const classArguments = fc
      .tuple(listOf(any, 0, 2), listOf(template`${fc.constantFrom('x', 'y', 'é', 'match')}=${any}`, 0, 2))
      .map(([positional, keyword]) => [positional, keyword].filter(Boolean).join(', '));
    level = fc.oneof(
      weighted(6, level),
      weighted(1, any.map((x) => closed(`(${x})`))),
      weighted(2, sequence(0).map((x) => closed(`[${x}]`))),
      weighted(1, sequence(1).map((x) => closed(`(${x},)`))),
      weighted(2, mapping.map((x) => closed(`{${x}}`))),
      weighted(2, template`${fc.constantFrom('C', 'Point', 'a.B', 'int', 'str')}(${classArguments})`.map(closed)),
      weighted(2, listOf(at(level, CLOSED_PATTERN), 2, 3, ' | ').map((text) => ({ text, prec: OR_PATTERN }))),
      weighted(2, template`${at(level, OR_PATTERN)} as ${capture}`.map((text) => ({ text, prec: AS_PATTERN }))),
    );
  }
  const any = level.map((x) => x.text);
  const openSequence = listOf(fc.oneof(weighted(4, any), weighted(1, fc.constant('*rest'))), 2, 3);
  return fc.oneof(weighted(6, any), weighted(1, openSequence), weighted(1, any.map((x) => `${x},`)));
}

// ---- statements -----------------------------------------------------------------------

const AUGMENTED = ['+=', '-=', '*=', '@=', '/=', '//=', '%=', '**=', '>>=', '<<=', '&=', '^=', '|='];
const dottedName: Arb = listOf(fc.constantFrom('os', 'path', 'a', 'b', 'match', 'é', 'collections.abc', 'type'), 1, 3, '.');

interface Context {
  /** Expressions used inside statements. */
  level: Level;
  /** Expressions used at statement level (one level deeper, sometimes two). */
  wide: ExprArb;
  targets: { single: Arb; list: Arb };
  pattern: Arb;
}

function simpleStatements(ctx: Context): Arb {
  const { level, wide, targets } = ctx;
  const expression = at(level.e, P.LAMBDA);
  const starExpressions = fc.oneof(weighted(5, at(wide, P.LAMBDA)), weighted(1, listOf(level.starItem, 2, 3)), weighted(1, level.starItem.map((x) => `${x},`)));
  const rhs = fc.oneof(weighted(6, starExpressions), weighted(1, template`yield ${starExpressions}`), weighted(1, template`yield from ${expression}`));
  const alias = template`${dottedName}${optional(name.map((n) => ` as ${n}`), 30)}`;
  const importName = template`${name}${optional(name.map((n) => ` as ${n}`), 30)}`;
  const fromTargets = fc.oneof(
    weighted(3, listOf(importName, 1, 3)),
    weighted(1, template`(${listOf(importName, 1, 3)}${fc.constantFrom('', ',')})`),
    weighted(1, fc.constant('*')),
  );
  const annotationTarget = fc.oneof(weighted(3, name), weighted(1, template`(${name})`), weighted(1, template`${attributeBase(level.e)}.${name}`), weighted(1, template`${at(level.e, P.PRIMARY)}[${expression}]`));
  const statement = fc.oneof(
    weighted(8, starExpressions),
    weighted(7, template`${listOf(targets.list, 1, 2, ' = ')} = ${rhs}`),
    weighted(3, template`${targets.single} ${fc.constantFrom(...AUGMENTED)} ${rhs}`),
    weighted(3, template`${annotationTarget}: ${expression}${optional(rhs.map((x) => ` = ${x}`), 40)}`),
    weighted(2, fc.constantFrom('pass', 'break', 'continue', 'return', 'raise', '...')),
    weighted(2, template`return ${starExpressions}`),
    weighted(2, template`raise ${expression}${optional(expression.map((x) => ` from ${x}`), 30)}`),
    weighted(1, template`del ${listOf(targets.single, 1, 2)}${fc.constantFrom('', ',')}`),
    weighted(1, template`global ${listOf(name, 1, 3)}`),
    weighted(1, template`nonlocal ${listOf(name, 1, 3)}`),
    weighted(2, template`assert ${expression}${optional(expression.map((x) => `, ${x}`), 30)}`),
    weighted(2, template`import ${listOf(alias, 1, 2)}`),
    weighted(2, template`from ${fc.constantFrom('', '', '.', '..', '...', '.. .')}${dottedName} import ${fromTargets}`),
    weighted(1, template`from ${fc.constantFrom('.', '..', '....')} import ${fromTargets}`),
    weighted(2, template`type ${className}${optional(typeParameters(level.e), 50)} = ${expression}`),
    weighted(1, rhs.filter((x) => x.startsWith('yield'))),
  );
  const trailingComment = fc.constantFrom('', '', '', '', '', '  # comment', ' #', '  # é ☃');
  return fc
    .tuple(fc.array(statement, { minLength: 1, maxLength: 3 }), fc.constantFrom('', '', '', '', ';', ' ;'), trailingComment)
    .map(([statements, semicolon, comment]) => `${statements.join('; ')}${semicolon}${comment}`);
}

function indented(lines: Line[]): Line[] {
  return lines.map((l) => ({ level: l.level + 1, text: l.text }));
}

/** `head:` followed by an indented block, or (sometimes) a simple statement on the same line. */
function clause(head: Arb, body: fc.Arbitrary<Line[]>, simple: Arb): fc.Arbitrary<Line[]> {
  const block = fc.tuple(head, body).map(([h, lines]): Line[] => [{ level: 0, text: `${h}:` }, ...indented(lines)]);
  const inline = fc.tuple(head, simple).map(([h, s]): Line[] => [{ level: 0, text: `${h}: ${s}` }]);
  return fc.oneof(weighted(5, block), weighted(1, inline));
}

function sequenceOf(parts: fc.Arbitrary<Line[]>[]): fc.Arbitrary<Line[]> {
  return fc.tuple(...parts).map((groups) => groups.flat());
}

function repeated(part: fc.Arbitrary<Line[]>, minLength: number, maxLength: number): fc.Arbitrary<Line[]> {
  return fc.array(part, { minLength, maxLength }).map((groups) => groups.flat());
}

function maybe(part: fc.Arbitrary<Line[]>, percent = 40): fc.Arbitrary<Line[]> {
  return fc.oneof(weighted(100 - percent, fc.constant<Line[]>([])), weighted(percent, part));
}

function compoundStatements(ctx: Context, body: fc.Arbitrary<Line[]>, simple: Arb): fc.Arbitrary<Line[]> {
  const { level, wide, targets, pattern } = ctx;
  const c = (head: Arb) => clause(head, body, simple);
  const expression = at(level.e, P.LAMBDA);
  const named = at(wide, P.WALRUS);
  const asyncKeyword = fc.constantFrom('', '', '', 'async ');
  const withItem = template`${expression}${optional(targets.single.map((t) => ` as ${t}`), 40)}`;
  const withItems = fc.oneof(
    weighted(3, listOf(withItem, 1, 2)),
    weighted(1, template`(${listOf(withItem, 1, 3)}${fc.constantFrom('', ',')})`),
  );
  const exceptType = fc.oneof(
    weighted(4, expression),
    weighted(2, template`${expression} as ${name}`),
    weighted(1, template`(${expression}, ${expression})${optional(name.map((n) => ` as ${n}`), 40)}`),
    weighted(1, template`${expression}, ${expression}`), // PEP 758 (3.14): no parentheses without `as`
  );
  const handlers = fc.oneof(
    weighted(3, fc.tuple(repeated(c(template`except ${exceptType}`), 0, 2), maybe(c(fc.constant('except')), 30)).map(([typed, bare]) => [...typed, ...bare])),
    weighted(1, repeated(c(template`except* ${exceptType}`), 1, 2)),
  ).filter((lines) => lines.length > 0);
  const decorators = repeated(named.map((d): Line[] => [{ level: 0, text: `@${d}` }]), 0, 2);
  const returns = optional(expression.map((x) => ` -> ${x}`), 30);
  const typeParams = optional(typeParameters(level.e), 20);
  const classArguments = optional(callArguments(level, targets.list, false).map((a) => `(${a})`), 40);
  const caseClause = c(template`case ${pattern}${optional(named.map((g) => ` if ${g}`), 25)}`);
  const subject = fc.oneof(weighted(4, named), weighted(1, listOf(level.item, 2, 2)), weighted(1, level.item.map((x) => `${x},`)));
  const match = fc
    .tuple(subject, repeated(caseClause, 1, 3))
    .map(([s, cases]): Line[] => [{ level: 0, text: `match ${s}:` }, ...indented(cases)]);
  const starExpressions = fc.oneof(weighted(4, expression), weighted(1, listOf(level.starItem, 2, 3)));
  return fc.oneof(
    sequenceOf([c(template`if ${named}`), repeated(c(template`elif ${named}`), 0, 2), maybe(c(fc.constant('else')))]),
    sequenceOf([c(template`while ${named}`), maybe(c(fc.constant('else')), 20)]),
    sequenceOf([c(template`${asyncKeyword}for ${targets.list} in ${starExpressions}`), maybe(c(fc.constant('else')), 20)]),
    c(template`${asyncKeyword}with ${withItems}`),
    sequenceOf([c(fc.constant('try')), handlers, maybe(c(fc.constant('else')), 25), maybe(c(fc.constant('finally')), 25)]),
    sequenceOf([c(fc.constant('try')), c(fc.constant('finally'))]),
    sequenceOf([decorators, c(template`${asyncKeyword}def ${name}${typeParams}(${parameters(expression, expression, at(level.e, P.BITOR))})${returns}`)]),
    sequenceOf([decorators, c(template`class ${className}${typeParams}${classArguments}`)]),
    match,
  );
}

/** Statements nested at most MAX_BLOCK_DEPTH blocks deep, as lines without indentation. */
function statements(ctx: Context): fc.Arbitrary<Line[]> {
  const simple = simpleStatements(ctx);
  const simpleLine = simple.map((text): Line[] => [{ level: 0, text }]);
  let statement: fc.Arbitrary<Line[]> = simpleLine;
  for (let depth = 0; depth < MAX_BLOCK_DEPTH; depth++) {
    const body = repeated(statement, 1, 3);
    statement = fc.oneof(weighted(3, simpleLine), weighted(2, compoundStatements(ctx, body, simple)));
  }
  return statement;
}

// ---- programs --------------------------------------------------------------------------

export interface ProgramLayout {
  indentUnit: string;
  lineEnding: string;
  finalNewline: boolean;
  /** Blank or comment-only lines inserted before some top-level statements. */
  fillers: { before: number; text: string }[];
  /** Line breaks inside brackets (implicit joining) or backslash continuations elsewhere:
   *  `at` picks a space between tokens, `style` the kind of break. */
  breaks: { at: number; style: number }[];
}

const layout: fc.Arbitrary<ProgramLayout> = fc.record({
  indentUnit: fc.constantFrom('    ', '    ', '    ', '  ', '\t', ' ', '        ', ' \t'),
  lineEnding: fc.constantFrom('\n', '\n', '\n', '\n', '\n', '\n', '\n', '\r\n', '\r'),
  finalNewline: fc.constantFrom(true, true, true, true, true, true, false),
  fillers: fc.array(
    fc.record({ before: fc.nat(6), text: fc.constantFrom('', '   ', '# comment', '    # indented comment', '\f', '\t# tab', '#!shebang-like') }),
    { maxLength: 2 },
  ),
  breaks: fc.oneof(
    { arbitrary: fc.constant<ProgramLayout['breaks']>([]), weight: 2 },
    { arbitrary: fc.array(fc.record({ at: fc.nat(), style: fc.nat(3) }), { minLength: 1, maxLength: 4 }), weight: 1 },
  ),
});

const OPENING = new Set(['(', '[', '{']);
const CLOSING = new Set([')', ']', '}']);

/** Spaces between tokens where a line may break, with the bracket depth there (comments skipped). */
function breakPoints(tokens: readonly string[]): { index: number; depth: number }[] {
  const points: { index: number; depth: number }[] = [];
  let depth = 0;
  let inComment = false;
  tokens.forEach((token, index) => {
    if (/[\r\n]/.test(token)) inComment = false;
    else if (token === '#') inComment = true;
    if (inComment) return;
    if (OPENING.has(token)) depth++;
    else if (CLOSING.has(token)) depth = Math.max(0, depth - 1);
    else if (/^ +$/.test(token) && index > 0 && !/\s$/.test(tokens[index - 1]!) && tokens[index + 1] !== '#') points.push({ index, depth });
  });
  return points;
}

/** Breaks lines: inside brackets by a newline (with odd indentation or a comment), outside by a backslash. */
function reflow(text: string, breaks: ProgramLayout['breaks'], lineEnding: string): string {
  const tokens = roughTokens(text);
  const points = breakPoints(tokens);
  if (points.length === 0) return text;
  for (const { at, style } of breaks) {
    const { index, depth } = points[at % points.length]!;
    const inBrackets = [`${lineEnding}  `, `  # note${lineEnding}\t`, `${lineEnding}${lineEnding}`, ` \\${lineEnding}`];
    tokens[index] = depth > 0 ? inBrackets[style % inBrackets.length]! : ` \\${lineEnding}${' '.repeat(style * 3)}`;
  }
  return tokens.join('');
}

/** Renders lines with an indentation unit, line ending and blank/comment filler lines. */
export function renderProgram(statementsLines: Line[][], form: ProgramLayout): string {
  const lines: string[] = [];
  statementsLines.forEach((statement, index) => {
    for (const filler of form.fillers) if (filler.before === index) lines.push(filler.text);
    for (const line of statement) lines.push(form.indentUnit.repeat(line.level) + line.text);
  });
  const text = reflow(lines.join(form.lineEnding), form.breaks, form.lineEnding);
  return form.finalNewline ? text + form.lineEnding : text;
}

function statementArbitrary(): { statement: fc.Arbitrary<Line[]>; wide: ExprArb; level: Level } {
  const levels = expressionLevels();
  const level = levels[1]!;
  const wide = fc.oneof(weighted(3, levels[2]!.e), weighted(1, levels[MAX_EXPRESSION_DEPTH]!.e));
  const targets = assignmentTargets(at(level.e, P.PRIMARY).filter((t) => !/^[\d.]/.test(t)), at(level.e, P.LAMBDA));
  return { statement: statements({ level, wide, targets, pattern: patterns() }), wide, level };
}

/** Python 3.14 programs of 1–4 top-level statements, valid but for rare near-misses
 *  (ast.parse mode 'exec'). */
export function pythonProgram(): Arb {
  const { statement } = statementArbitrary();
  return fc
    .tuple(fc.array(statement, { minLength: 1, maxLength: 4 }), layout)
    .map(([statementLines, form]) => renderProgram(statementLines, form));
}

/** Input for ast.parse mode 'eval': expressions (tuples, yield-less), with stray whitespace. */
export function pythonEvalInput(): Arb {
  const { wide, level } = statementArbitrary();
  // eval_rule: expressions (no starred items), then NEWLINE* ENDMARKER.
  const body = fc.oneof(weighted(4, at(wide, P.LAMBDA)), weighted(1, listOf(at(level.e, P.LAMBDA), 2, 3)));
  return template`${fc.constantFrom('', '', '', '', '', '', '\n', ' ')}${body}${fc.constantFrom('', '', '\n', '  ', '\n\n', ' # c\n', ';')}`;
}

/** Input for ast.parse mode 'single' (one interactive statement) . */
export function pythonSingleInput(): Arb {
  const { statement } = statementArbitrary();
  return fc
    .tuple(statement, layout)
    .map(([lines, form]) => renderProgram([lines], { ...form, lineEnding: '\n', fillers: [] }));
}

/** Input for ast.parse mode 'func_type' (PEP 484 signature type comments). */
export function pythonFuncTypeInput(): Arb {
  const { level } = statementArbitrary();
  const type = at(level.e, P.LAMBDA);
  // func_type_rule: '(' [type_expressions] ')' '->' expression; `*t` and `**t` come last.
  const starred = fc.tuple(optional(type.map((t) => `*${t}`), 25), optional(type.map((t) => `**${t}`), 25));
  const argumentList = fc.tuple(fc.array(type, { maxLength: 3 }), starred).map(([plain, [star, doubleStar]]) => [...plain, star, doubleStar].filter(Boolean).join(', '));
  return template`(${argumentList}) -> ${type}${fc.constantFrom('', '', '\n', ' ')}`;
}
