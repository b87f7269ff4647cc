// Test helpers: random well-typed AST trees built from scripts/ast_spec.ts, and the
// Python source that rebuilds a tree in pyodide (keyword constructor calls, with
// constants passed through their exact bits, not through any text tspy formats).
import fc from 'fast-check';
import {
  Ellipsis,
  None,
  PyBytes,
  PyComplex,
  PyFloat,
  PyFrozenSet,
  PyTuple,
  pyInt,
  pyStr,
  type PyConst,
} from '@tspy/bytecode';
import { toPython } from '../../bytecode/test/pyconst-oracle.js';
import { AST_SPEC, BUILTIN_TYPES, type ConstructorSpec, type FieldSpec } from '../scripts/ast_spec.js';
import { AST, NODE_CLASSES, nodeClass } from '../src/ast/nodes.js';

export { PY_PRELUDE } from '../../bytecode/test/pyconst-oracle.js';

const codePoint = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0, max: 0xffff }),
  fc.integer({ min: 0x10000, max: 0x10ffff }),
);

const identifier = fc.oneof(
  fc.constantFrom('x', 'foo', '_', 'é', 'ℌ', '𝔘nicode', "it's", 'a"b', 'back\\slash', ''),
  fc.array(codePoint, { maxLength: 6 }).map((cps) => String.fromCodePoint(...cps.filter((c) => c < 0xd800 || c > 0xdfff))),
);

/** Constants; `evalSafe` leaves out values whose repr() does not eval back to the same value. */
export function constantArbitrary(evalSafe: boolean): fc.Arbitrary<PyConst> {
  const double = evalSafe ? fc.double({ noNaN: true, noDefaultInfinity: true }) : fc.double();
  const complexPart = evalSafe ? fc.double({ noNaN: true, noDefaultInfinity: true, min: 0 }) : fc.double();
  const atom: fc.Arbitrary<PyConst> = fc.oneof(
    fc.integer({ min: -1000, max: 1000 }),
    fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(pyInt),
    fc.boolean(),
    double.map((x) => new PyFloat(x)),
    fc.tuple(complexPart, complexPart).map(([re, im]) => new PyComplex(re, im)),
    fc.uint8Array({ maxLength: 6 }).map((b) => new PyBytes(b)),
    fc.array(fc.oneof(codePoint, fc.integer({ min: 0xd800, max: 0xdfff })), { maxLength: 8 }).map(pyStr),
    fc.constantFrom<PyConst>(None, Ellipsis, '', 'abc'),
  );
  return fc.oneof(
    { weight: 6, arbitrary: atom },
    { weight: 1, arbitrary: fc.array(atom, { maxLength: 3 }).map((items) => new PyTuple(items)) },
    { weight: 1, arbitrary: fc.constantFrom(new PyFrozenSet([]), new PyFrozenSet([3]), new PyFrozenSet([1, 2])) },
  );
}

function nodeFieldCount(ctor: ConstructorSpec): number {
  return ctor.fields.filter((f) => !BUILTIN_TYPES.has(f.type)).length;
}

/**
 * An arbitrary per node type. Sum types recurse through `fc.oneof` with a shared
 * depth; the constructor with the fewest node fields comes first, because that is
 * the one fast-check falls back on at the maximum depth.
 */
export function astArbitraries(evalSafe: boolean, maxDepth = 4): Record<string, fc.Arbitrary<AST>> {
  const constant = constantArbitrary(evalSafe);
  const int = fc.oneof(fc.integer({ min: -1, max: 200 }), fc.integer());
  const position = fc.tuple(fc.nat(5000), fc.nat(300), fc.nat(5000), fc.nat(300));
  return fc.letrec<Record<string, AST>>((tie) => {
    const fieldArbitrary = (f: FieldSpec): fc.Arbitrary<unknown> => {
      let item: fc.Arbitrary<unknown>;
      if (f.type === 'identifier' || f.type === 'string') item = identifier;
      else if (f.type === 'constant') item = constant;
      else if (f.type === 'int') item = int;
      else item = tie(f.type);
      if (f.quantifier === '?') return fc.option(item, { nil: undefined });
      if (f.quantifier === '*') {
        const element = f.elementsOptional ? fc.option(item, { nil: undefined }) : item;
        return fc.array(element, { maxLength: 3, depthIdentifier: 'ast' });
      }
      return item;
    };
    const build = (name: string, fields: readonly FieldSpec[], hasAttributes: boolean): fc.Arbitrary<AST> => {
      const cls = NODE_CLASSES[name] as unknown as new (...args: unknown[]) => AST;
      const parts = fc.tuple(fc.tuple(...fields.map(fieldArbitrary)), position);
      return parts.map(([values, pos]) => new cls(...values, ...(hasAttributes ? pos : [])));
    };
    const arbitraries: Record<string, fc.Arbitrary<AST>> = {};
    for (const spec of AST_SPEC) {
      const hasAttributes = spec.attributes.length > 0;
      if (spec.kind === 'product') {
        arbitraries[spec.name] = build(spec.name, spec.fields, hasAttributes);
        continue;
      }
      const ctors = [...spec.constructors].sort((a, b) => nodeFieldCount(a) - nodeFieldCount(b));
      arbitraries[spec.name] = fc.oneof(
        { maxDepth, depthIdentifier: 'ast', depthSize: 'small' },
        ...ctors.map((c) => build(c.name, c.fields, hasAttributes)),
      );
    }
    return arbitraries;
  });
}

/** Python source that rebuilds `value` (a node, a list, a constant or None). */
export function toPythonTree(value: unknown): string {
  if (value === undefined) return 'None';
  if (Array.isArray(value)) return `[${value.map(toPythonTree).join(', ')}]`;
  if (value instanceof AST) {
    const cls = nodeClass(value);
    const fields = value as unknown as Record<string, unknown>;
    const args = [...cls._fields, ...cls._attributes]
      .filter((name) => fields[name] !== undefined)
      .map((name) => `${name}=${toPythonTree(fields[name])}`);
    return `${cls._name}(${args.join(', ')})`;
  }
  return toPython(value as PyConst);
}
