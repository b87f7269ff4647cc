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

type Formatted = [text: string, simple: boolean];

/** A node or list whose children are being formatted; `finish` assembles its text. */
class Frame {
  next = 0;
  readonly results: Formatted[] = [];
  constructor(
    readonly children: readonly DumpValue[],
    readonly level: number,
    readonly finish: (results: readonly Formatted[]) => Formatted,
  ) {}
}

/** Above this length a part is concatenated as a rope instead of copied by join(). */
const ROPE_THRESHOLD = 4096;

/**
 * `parts.join(sep)`. join() copies every part, which makes dumping a deep tree (each
 * level embeds the text below it) quadratic; V8 concatenates long strings as ropes
 * without copying, so parts that are already long are concatenated instead.
 */
function joinRopes(parts: readonly string[], sep: string): string {
  if (!parts.some((part) => part.length > ROPE_THRESHOLD)) return parts.join(sep);
  let out = parts.length > 0 ? parts[0]! : '';
  for (let i = 1; i < parts.length; i++) out = out + sep + parts[i]!;
  return out;
}

/** One entry of a node's argument list: literal text, or a labelled child. */
type Arg = string | { label: string; child: number };

/**
 * CPython's `_format` is recursive; this runs the same computation with an explicit stack,
 * so trees deeper than the JavaScript stack (a 9000-term `a + a + ...`) still dump.
 */
class Dumper {
  constructor(
    private readonly annotateFields: boolean,
    private readonly includeAttributes: boolean,
    private readonly indent: string | undefined,
    private readonly showEmpty: boolean,
  ) {}

  format(root: DumpValue): string {
    const stack: Frame[] = [];
    let result = this.start(root, 0, stack);
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) return result![0];
      if (result !== undefined) top.results.push(result);
      if (top.next < top.children.length) {
        result = this.start(top.children[top.next++], top.level, stack);
      } else {
        stack.pop();
        result = top.finish(top.results);
      }
    }
  }

  // CPython: Lib/ast.py dump._format. Returns the text at once for a leaf; for a node or a
  // non-empty list it pushes a frame and returns undefined.
  private start(value: DumpValue, level: number, stack: Frame[]): Formatted | undefined {
    let prefix = '';
    let sep = ', ';
    if (this.indent !== undefined) {
      level += 1;
      prefix = '\n' + this.indent.repeat(level);
      sep = ',\n' + this.indent.repeat(level);
    }
    if (value instanceof AST) {
      stack.push(this.nodeFrame(value, level, prefix, sep));
      return undefined;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) return ['[]', true];
      stack.push(new Frame(value, level, (items) => ['[' + prefix + joinRopes(items.map((i) => i[0]), sep) + ']', false]));
      return undefined;
    }
    // A None element of a list (Dict.keys, arguments.kw_defaults) is undefined.
    if (value === undefined) return ['None', true];
    return [pyRepr(value as PyConst), true];
  }

  private nodeFrame(node: AST, level: number, prefix: string, sep: string): Frame {
    const cls = nodeClass(node);
    const fields = node as unknown as Record<string, DumpValue>;
    const args: Arg[] = [];
    const children: DumpValue[] = [];
    const child = (label: string, value: DumpValue): void => {
      args.push({ label, child: children.length });
      children.push(value);
    };
    let argsBuffer: string[] = [];
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
      child(keywords ? `${name}=` : '', value);
    }
    if (this.includeAttributes) {
      for (const name of cls._attributes) {
        const value = fields[name];
        if (value !== undefined) child(`${name}=`, value);
      }
    }
    return new Frame(children, level, (results) => {
      const texts = args.map((arg) => (typeof arg === 'string' ? arg : arg.label + results[arg.child]![0]));
      const allSimple = results.every((r) => r[1]);
      if (allSimple && texts.length <= 3) return [cls._name + '(' + joinRopes(texts, ', ') + ')', texts.length === 0];
      return [cls._name + '(' + prefix + joinRopes(texts, sep) + ')', false];
    });
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
  return dumper.format(node);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "'NoneType'";
  return `'${typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value}'`;
}
