// Parser for instructions/bytecodes.def, the instruction definitions in the syntax of
// CPython's Python/bytecodes.c (CPython: Tools/cases_generator/parsing.py, lexer.py).
// Bodies are, for now, lists of property words (see the header of bytecodes.def).

export interface StackEffectItem {
  name: string;
  /** Array size expression ('' when the item is a single value), e.g. `oparg`, `oparg & 1`. */
  size: string;
}

export interface CacheEffectItem {
  name: string;
  size: number;
}

export interface InstDef {
  kind: 'inst' | 'op';
  name: string;
  annotations: string[];
  /** Inputs in order; cache effects (`name/size`) and stack items interleaved as written. */
  inputs: (StackEffectItem | CacheEffectItem)[];
  outputs: StackEffectItem[];
  /** The property words of the body. */
  body: string[];
  /** The signature's source text (to see whether it mentions `oparg`). */
  signatureText: string;
}

export type MacroPart = { kind: 'op'; name: string } | { kind: 'cache'; name: string; size: number };

export interface MacroDef { kind: 'macro'; name: string; parts: MacroPart[] }
export interface FamilyDef { kind: 'family'; name: string; size: string; members: string[] }
export interface PseudoDef {
  kind: 'pseudo'; name: string; inputs: StackEffectItem[]; outputs: StackEffectItem[];
  flags: string[]; targets: string[]; asSequence: boolean;
}
export interface CacheFormatDef { kind: 'cache_format'; name: string; fields: CacheEffectItem[] }

export type Definition = InstDef | MacroDef | FamilyDef | PseudoDef | CacheFormatDef;

export class DefinitionSyntaxError extends Error {}

export function isCacheEffect(item: StackEffectItem | CacheEffectItem): item is CacheEffectItem {
  return typeof (item as CacheEffectItem).size === 'number';
}

const ANNOTATIONS = new Set([
  'pure', 'tier1', 'tier2', 'specializing', 'guard', 'override', 'replaced', 'no_save_ip', 'split', 'spilled',
]);

/** A scanner over the definition text with C-style `//` and block comments removed. */
class Scanner {
  pos = 0;
  readonly text: string;

  constructor(source: string) {
    this.text = source.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
      .replace(/\/\/[^\n]*/g, (m) => ' '.repeat(m.length));
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }

  peek(s: string): boolean {
    this.skipSpace();
    return this.text.startsWith(s, this.pos);
  }

  expect(s: string): void {
    if (!this.peek(s)) this.fail(`expected '${s}'`);
    this.pos += s.length;
  }

  accept(s: string): boolean {
    if (!this.peek(s)) return false;
    this.pos += s.length;
    return true;
  }

  identifier(): string {
    this.skipSpace();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos, this.pos + 200));
    if (!m) this.fail('expected an identifier');
    this.pos += m[0].length;
    return m[0];
  }

  integer(): number {
    this.skipSpace();
    const m = /^-?\d+/.exec(this.text.slice(this.pos, this.pos + 20));
    if (!m) this.fail('expected a number');
    this.pos += m[0].length;
    return Number(m[0]);
  }

  /** The raw text up to the bracket that closes the one just consumed. */
  balanced(close: string): string {
    const start = this.pos;
    let depth = 1;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        depth--;
        if (depth === 0) {
          if (c !== close) this.fail(`expected '${close}'`);
          const inner = this.text.slice(start, this.pos);
          this.pos++;
          return inner;
        }
      }
      this.pos++;
    }
    this.fail('unbalanced brackets');
  }

  fail(message: string): never {
    const line = this.text.slice(0, this.pos).split('\n').length;
    throw new DefinitionSyntaxError(`bytecodes.def:${line}: ${message}`);
  }
}

/** Splits at commas that are not inside brackets. */
function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && text.startsWith(sep, i)) {
      parts.push(text.slice(start, i));
      start = i + sep.length;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function parseItem(text: string, s: Scanner): StackEffectItem | CacheEffectItem {
  const cache = /^([A-Za-z_]\w*)\s*\/\s*(-?\d+)$/.exec(text);
  if (cache) return { name: cache[1]!, size: Number(cache[2]) };
  const array = /^([A-Za-z_]\w*)\s*\[([\s\S]*)\]$/.exec(text);
  if (array) return { name: array[1]!, size: array[2]!.trim() };
  if (/^[A-Za-z_]\w*$/.test(text)) return { name: text, size: '' };
  s.fail(`bad stack item '${text}'`);
}

function parseSignature(text: string, s: Scanner): { inputs: (StackEffectItem | CacheEffectItem)[]; outputs: StackEffectItem[] } {
  const halves = text.split('--');
  if (halves.length !== 2) s.fail(`a stack signature needs one '--': (${text})`);
  const inputs = splitTopLevel(halves[0]!, ',').map((t) => parseItem(t, s));
  const outputs = splitTopLevel(halves[1]!, ',').map((t) => {
    const item = parseItem(t, s);
    if (isCacheEffect(item)) s.fail(`cache effect '${t}' among the outputs`);
    return item;
  });
  return { inputs, outputs };
}

function parseInstDef(s: Scanner, kind: 'inst' | 'op', annotations: string[]): InstDef {
  s.expect('(');
  const name = s.identifier();
  s.expect(',');
  s.expect('(');
  const signatureText = s.balanced(')');
  s.expect(')');
  const { inputs, outputs } = parseSignature(signatureText, s);
  let body: string[] = [];
  if (s.accept('{')) body = s.balanced('}').split(/\s+/).filter((w) => w !== '');
  return { kind, name, annotations, inputs, outputs, body, signatureText };
}

function parseMacro(s: Scanner): MacroDef {
  s.expect('(');
  const name = s.identifier();
  s.expect(')');
  s.expect('=');
  const parts: MacroPart[] = [];
  do {
    const partName = s.identifier();
    if (s.accept('/')) parts.push({ kind: 'cache', name: partName, size: s.integer() });
    else parts.push({ kind: 'op', name: partName });
  } while (s.accept('+'));
  s.expect(';');
  return { kind: 'macro', name, parts };
}

function parseFamily(s: Scanner): FamilyDef {
  s.expect('(');
  const name = s.identifier();
  s.expect(',');
  const size = s.balanced(')').trim();
  s.expect('=');
  s.expect('{');
  const members = splitTopLevel(s.balanced('}'), ',');
  s.expect(';');
  return { kind: 'family', name, size, members };
}

function parsePseudo(s: Scanner): PseudoDef {
  s.expect('(');
  const name = s.identifier();
  s.expect(',');
  s.expect('(');
  const { inputs, outputs } = parseSignature(s.balanced(')'), s);
  let flags: string[] = [];
  if (s.accept(',')) {
    s.expect('(');
    flags = splitTopLevel(s.balanced(')'), ',');
  }
  s.expect(')');
  s.expect('=');
  const asSequence = s.peek('[');
  s.expect(asSequence ? '[' : '{');
  const targets = splitTopLevel(s.balanced(asSequence ? ']' : '}'), ',');
  s.expect(';');
  return { kind: 'pseudo', name, inputs: inputs.filter((i) => !isCacheEffect(i)) as StackEffectItem[], outputs, flags, targets, asSequence };
}

function parseCacheFormat(s: Scanner): CacheFormatDef {
  s.expect('(');
  const name = s.identifier();
  s.expect(')');
  s.expect('=');
  s.expect('{');
  const fields = splitTopLevel(s.balanced('}'), ',').map((t) => {
    const item = parseItem(t, s);
    if (!isCacheEffect(item)) s.fail(`cache_format field '${t}' needs a size`);
    return item;
  });
  s.expect(';');
  return { kind: 'cache_format', name, fields };
}

// CPython: Tools/cases_generator/parsing.py Parser.definition
export function parseDefinitions(source: string): Definition[] {
  const s = new Scanner(source);
  const defs: Definition[] = [];
  while (!s.atEnd()) {
    const annotations: string[] = [];
    for (;;) {
      const word = s.identifier();
      if (ANNOTATIONS.has(word)) { annotations.push(word); continue; }
      if (word === 'replicate') {
        s.expect('(');
        annotations.push(`replicate(${s.balanced(')').trim()})`);
        continue;
      }
      if (word === 'inst' || word === 'op') defs.push(parseInstDef(s, word, annotations));
      else if (annotations.length > 0) s.fail(`annotations before '${word}'`);
      else if (word === 'macro') defs.push(parseMacro(s));
      else if (word === 'family') defs.push(parseFamily(s));
      else if (word === 'pseudo') defs.push(parsePseudo(s));
      else if (word === 'cache_format') defs.push(parseCacheFormat(s));
      else s.fail(`unknown definition '${word}'`);
      break;
    }
  }
  return defs;
}
