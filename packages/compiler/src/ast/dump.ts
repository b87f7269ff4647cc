// ast.dump(): the textual form of a tree, byte for byte as CPython 3.14 prints it.
import { pyRepr, type PyConst } from '@tspy/bytecode';
import { AST, nodeClass } from './nodes.js';

export interface DumpOptions {
  /** Show field names (`annotate_fields`); default true. */
  annotateFields?: boolean;
  /** Show lineno/col_offset/end_lineno/end_col_offset (`include_attributes`); default false. */
  includeAttributes?: boolean;
  /** Pretty-print: a number of spaces or an indent string; undefined for one line. */
  indent?: number | string;
  /** Show empty list fields (`show_empty`); default false. */
  showEmpty?: boolean;
}

/** A field or attribute value as the tree holds it. */
type DumpValue = AST | readonly DumpValue[] | PyConst | undefined;

class Dumper {
  constructor(
    private readonly annotateFields: boolean,
    private readonly includeAttributes: boolean,
    private readonly indent: string | undefined,
    private readonly showEmpty: boolean,
  ) {}

  // CPython: Lib/ast.py dump._format. Returns [text, simple].
  format(value: DumpValue, level: number): [string, boolean] {
    let prefix = '';
    let sep = ', ';
    if (this.indent !== undefined) {
      level += 1;
      prefix = '\n' + this.indent.repeat(level);
      sep = ',\n' + this.indent.repeat(level);
    }
    if (value instanceof AST) return this.formatNode(value, level, prefix, sep);
    if (Array.isArray(value)) {
      if (value.length === 0) return ['[]', true];
      const items = value.map((item: DumpValue) => this.format(item, level)[0]);
      return ['[' + prefix + items.join(sep) + ']', false];
    }
    // A None element of a list (Dict.keys, arguments.kw_defaults) is undefined.
    if (value === undefined) return ['None', true];
    return [pyRepr(value as PyConst), true];
  }

  private formatNode(node: AST, level: number, prefix: string, sep: string): [string, boolean] {
    const cls = nodeClass(node);
    const fields = node as unknown as Record<string, DumpValue>;
    const args: string[] = [];
    let argsBuffer: string[] = [];
    let allSimple = true;
    let keywords = this.annotateFields;
    for (const name of cls._fields) {
      const value = fields[name];
      // An absent field (CPython: missing attribute or None with a None class default).
      if (value === undefined) {
        keywords = true;
        continue;
      }
      if (!this.showEmpty) {
        if (Array.isArray(value) && value.length === 0) {
          if (!keywords) argsBuffer.push('[]');
          continue;
        }
        if (!keywords) {
          args.push(...argsBuffer);
          argsBuffer = [];
        }
      }
      const [text, simple] = this.format(value, level);
      allSimple &&= simple;
      args.push(keywords ? `${name}=${text}` : text);
    }
    if (this.includeAttributes) {
      for (const name of cls._attributes) {
        const value = fields[name];
        if (value === undefined) continue;
        const [text, simple] = this.format(value, level);
        allSimple &&= simple;
        args.push(`${name}=${text}`);
      }
    }
    if (allSimple && args.length <= 3) return [`${cls._name}(${args.join(', ')})`, args.length === 0];
    return [`${cls._name}(${prefix}${args.join(sep)})`, false];
  }
}

// CPython: Lib/ast.py dump
export function dump(node: AST, options: DumpOptions = {}): string {
  if (!(node instanceof AST)) throw new TypeError(`expected AST, got ${describe(node)}`);
  const indent = typeof options.indent === 'number' ? ' '.repeat(Math.max(0, options.indent)) : options.indent;
  const dumper = new Dumper(
    options.annotateFields ?? true,
    options.includeAttributes ?? false,
    indent,
    options.showEmpty ?? false,
  );
  return dumper.format(node, 0)[0];
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "'NoneType'";
  return `'${typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value}'`;
}
