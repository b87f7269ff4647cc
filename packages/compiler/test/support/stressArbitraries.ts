// Programs that press on the parser's limits: nesting depths on both sides of CPython's
// bounds (200 open brackets, 100 indentation levels, nested f-strings, the parser's
// recursion limit), and long flat chains that must not recurse. Depths avoid the narrow
// band around the recursion limit where pyodide's stack check could differ from native.

import fc from 'fast-check';

/** Depths for recursion-heavy nesting: clearly under or clearly over CPython's limit. */
const RECURSION_DEPTHS = [10, 100, 500, 1000, 2000, 9000, 20000];

function nested(open: string, close: string, inner: string, depth: number): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

function indentedIfs(depth: number): string {
  let text = '';
  for (let level = 0; level < depth; level++) text += `${' '.repeat(level)}if x:\n`;
  return `${text}${' '.repeat(depth)}pass\n`;
}

function nestedFStrings(depth: number): string {
  let text = 'x';
  for (let level = 0; level < depth; level++) text = `f"{${text}}"`;
  return `${text}\n`;
}

const shapes: ((depth: number) => string)[] = [
  (d) => `x = ${nested('(', ')', '1', d)}\n`,
  (d) => `x = ${nested('[', ']', '', d)}\n`,
  (d) => `x = ${nested('{', '}', '', Math.min(d, 60))}${nested('(', ')', '', d)}\n`,
  (d) => `${nested('f(', ')', '', d)}\n`,
  (d) => `x = ${'-'.repeat(d)}1\n`,
  (d) => `x = ${'not '.repeat(d)}y\n`,
  (d) => `x = ${'lambda: '.repeat(d)}1\n`,
  (d) => `x = a${' ** a'.repeat(d)}\n`,
  (d) => `x = a${' + a'.repeat(d)}\n`,
  (d) => `x = ${'y if z else '.repeat(d)}w\n`,
  (d) => `x${'.a'.repeat(d)}\n`,
  (d) => `x${'[0]'.repeat(d)} = 1\n`,
];

const bracketDepth = fc.oneof(fc.integer({ min: 1, max: 199 }), fc.integer({ min: 200, max: 260 }));

/** A short program exercising one limit. */
export function stressProgram(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(fc.nat(shapes.length - 1), fc.constantFrom(...RECURSION_DEPTHS)).map(([shape, depth]) => shapes[shape]!(depth)),
    bracketDepth.map((depth) => `x = ${nested('(', ')', '1', depth)}\n`),
    fc.integer({ min: 90, max: 105 }).map(indentedIfs),
    fc.integer({ min: 1, max: 160 }).map(nestedFStrings),
  );
}
