// The AST spec and the generated classes against pyodide's `ast` module: the same
// classes, bases, fields (order, type, optional/list-ness) and attributes.
import { beforeAll, describe, expect, it } from 'vitest';
import { runPython } from '@tspy/test-support';
import { readFileSync } from 'node:fs';
import { AST_SPEC, type FieldSpec } from '../scripts/ast_spec.js';
import { AST_MODULE_PATH, generateAstModule } from '../scripts/gen-ast.js';
import { AST, BASE_CLASSES, NODE_CLASSES, nodeClass, type NodeClass } from '../src/ast/nodes.js';
import * as ast from '../src/ast/nodes.js';

interface PyClassInfo {
  base: string;
  fields: [name: string, quantifier: string, type: string][];
  attributes: [name: string, optional: boolean][];
}

const DESCRIBE_AST = String.raw`
import _ast, ast, json, types, typing
def describe_type(t):
    if isinstance(t, types.GenericAlias) and t.__origin__ is list:
        return '*', describe_type(t.__args__[0])[1]
    if isinstance(t, typing.Union) or isinstance(t, types.UnionType):
        inner = [a for a in t.__args__ if a is not type(None)]
        assert len(inner) == 1, t
        return '?', describe_type(inner[0])[1]
    return '', {str: 'str', int: 'int', object: 'constant'}.get(t, t.__name__)
out = {}
for name in dir(_ast):
    cls = getattr(ast, name)
    if not (isinstance(cls, type) and issubclass(cls, ast.AST)) or cls is ast.AST:
        continue
    ft = getattr(cls, '_field_types', {})
    out[name] = {
        'base': cls.__bases__[0].__name__,
        'fields': [[f, *describe_type(ft[f])] for f in cls._fields],
        'attributes': [[a, getattr(cls, a, ...) is None] for a in cls._attributes],
    }
print(json.dumps(out))
`;

let python: Record<string, PyClassInfo>;

beforeAll(async () => {
  python = JSON.parse(await runPython(DESCRIBE_AST)) as Record<string, PyClassInfo>;
});

/** What CPython's _field_types can tell about an ASDL type. */
function pythonTypeName(type: string): string {
  if (type === 'identifier' || type === 'string') return 'str';
  return type;
}

function specEntries(): Map<string, PyClassInfo> {
  const out = new Map<string, PyClassInfo>();
  const describe = (fields: readonly FieldSpec[]) =>
    fields.map((f): [string, string, string] => [f.name, f.quantifier, pythonTypeName(f.type)]);
  const attrs = (fields: readonly FieldSpec[]) => fields.map((a): [string, boolean] => [a.name, a.quantifier === '?']);
  for (const spec of AST_SPEC) {
    if (spec.kind === 'product') {
      out.set(spec.name, { base: 'AST', fields: describe(spec.fields), attributes: attrs(spec.attributes) });
      continue;
    }
    out.set(spec.name, { base: 'AST', fields: [], attributes: attrs(spec.attributes) });
    for (const ctor of spec.constructors) {
      out.set(ctor.name, { base: spec.name, fields: describe(ctor.fields), attributes: attrs(spec.attributes) });
    }
  }
  return out;
}

describe('scripts/ast_spec.ts', () => {
  it('declares exactly the node classes of _ast', () => {
    expect(Object.keys(python).length).toBeGreaterThan(100);
    expect([...specEntries().keys()].sort()).toEqual(Object.keys(python).sort());
  });

  it('matches each class: base, fields, attributes', () => {
    for (const [name, info] of specEntries()) {
      expect({ name, ...info }).toEqual({ name, ...python[name] });
    }
  });
});

describe('src/generated/ast.ts', () => {
  it('is what scripts/gen-ast.ts generates now', () => {
    expect(readFileSync(AST_MODULE_PATH, 'utf8')).toBe(generateAstModule());
  });

  const all: Record<string, NodeClass> = { ...NODE_CLASSES, ...BASE_CLASSES };
  delete (all as Record<string, unknown>)['AST'];

  it('has a class per Python node class, bases included', () => {
    expect(Object.keys(all).sort()).toEqual(Object.keys(python).sort());
  });

  it('gives each class the Python name, base, _fields and _attributes', () => {
    for (const [name, cls] of Object.entries(all)) {
      const info = python[name]!;
      const base = Object.getPrototypeOf(cls) as NodeClass;
      expect({ name, base: base._name, fields: cls._fields, attributes: cls._attributes }).toEqual({
        name: cls._name,
        base: info.base,
        fields: info.fields.map((f) => f[0]),
        attributes: info.attributes.map((a) => a[0]),
      });
    }
  });

  it('exports every class under its Python name', () => {
    const exported = ast as unknown as Record<string, unknown>;
    for (const name of Object.keys(python)) expect(exported[name], name).toBe(all[name]);
    expect(exported['arguments']).toBe(NODE_CLASSES['arguments']);
  });

  it('stores constructor arguments as fields, then attributes', () => {
    const args = new ast.arguments([], [], undefined, [], [], undefined, []);
    const fn = new ast.FunctionDef('f', args, [new ast.Pass(2, 4, 2, 8)], [], undefined, undefined, [], 1, 0, 2, 8);
    expect(fn).toBeInstanceOf(ast.stmt);
    expect(fn).toBeInstanceOf(AST);
    expect(fn.name).toBe('f');
    expect(fn.args).toBe(args);
    expect([fn.lineno, fn.col_offset, fn.end_lineno, fn.end_col_offset]).toEqual([1, 0, 2, 8]);
    expect(nodeClass(fn)).toBe(ast.FunctionDef);
    expect(fn._kind).toBe(ast.NodeKind.FunctionDef);
    expect(ast.Load.instance).toBeInstanceOf(ast.Load);
    expect(ast.Load.instance).toBe(ast.Load.instance);
    expect(ast.Add.instance).toBeInstanceOf(ast.operator);
  });

  it('gives every constructor parameter a field or attribute', () => {
    for (const cls of Object.values(NODE_CLASSES)) {
      const ctor = cls as unknown as { length: number };
      const params = cls._fields.length + (cls._attributes.length > 0 ? cls._attributes.length : 0);
      expect(ctor.length, cls._name).toBe(params);
    }
  });
});
