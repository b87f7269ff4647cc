// A parser for pegen's meta-grammar, written by hand over characters.
// CPython: Tools/peg_generator/pegen/metagrammar.gram (and the generated grammar_parser.py)
//
//   grammar:   meta* rule+
//   meta:      "@" NAME [NAME | STRING] NEWLINE
//   rule:      rulename ["(" "memo" ")"] ":" ["|"] alts     (continuation lines are indented)
//   rulename:  NAME ["[" type "]"]
//   alts:      alt ("|" alt)*
//   alt:       named_item+ ["$"] [action]
//   named_item: NAME ["[" type "]"] "=" ~ item | item | "&&" atom | "&" atom | "!" atom | "~"
//   item:      "[" alts "]" | atom "?" | atom "*" | atom "+" | atom "." atom "+" | atom
//   atom:      "(" alts ")" | NAME | STRING | "$"
//   action:    "{" balanced TypeScript "}"
//
// Actions and types are kept as their source text (TypeScript), not re-joined tokens.

import {
  Alt, Cut, Forced, Gather, Grammar, GrammarError, Group, NameLeaf, NamedItem, NegativeLookahead, Opt,
  PositiveLookahead, Repeat0, Repeat1, Rhs, Rule, StringLeaf, type Item,
} from './grammar.js';

export function parseGrammar(text: string, filename = '<grammar>'): Grammar {
  return new MetaParser(text, filename).grammar();
}

function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isNameChar(c: string): boolean {
  return isNameStart(c) || (c >= '0' && c <= '9');
}

class MetaParser {
  private pos = 0;

  constructor(
    private readonly src: string,
    private readonly filename: string,
  ) {}

  grammar(): Grammar {
    const metas = new Map<string, string | undefined>();
    const rules = new Map<string, Rule>();
    this.skipSpace();
    while (this.pos < this.src.length) {
      if (!this.atLineStart()) this.fail('a rule or meta must start at the beginning of a line');
      if (this.peek() === '@') {
        const [name, value] = this.meta();
        metas.set(name, value);
      } else {
        const rule = this.rule();
        if (rules.has(rule.name)) this.fail(`duplicate rule ${rule.name}`);
        rules.set(rule.name, rule);
      }
      this.skipSpace();
    }
    return new Grammar(rules, metas);
  }

  // --- lexical helpers -------------------------------------------------------

  private peek(offset = 0): string {
    return this.src.charAt(this.pos + offset);
  }

  /** Skips blanks, newlines and `#` comments. */
  private skipSpace(): void {
    const s = this.src;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f') this.pos++;
      else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else break;
    }
  }

  /** True when the next character is the first of its line (a new rule or meta begins). */
  private atLineStart(): boolean {
    return this.pos === 0 || this.src[this.pos - 1] === '\n';
  }

  /** True when the rule being read has ended: end of text or a token in column 0. */
  private atRuleEnd(): boolean {
    return this.pos >= this.src.length || this.atLineStart();
  }

  private fail(msg: string): never {
    const before = this.src.slice(0, this.pos);
    const line = before.split('\n').length;
    const col = this.pos - before.lastIndexOf('\n');
    throw new GrammarError(`${this.filename}:${line}:${col}: ${msg}`);
  }

  private expect(text: string): void {
    this.skipSpace();
    if (!this.src.startsWith(text, this.pos)) this.fail(`expected '${text}'`);
    this.pos += text.length;
  }

  private tryConsume(text: string): boolean {
    this.skipSpace();
    if (this.atRuleEnd()) return false;
    if (!this.src.startsWith(text, this.pos)) return false;
    this.pos += text.length;
    return true;
  }

  private name(): string {
    this.skipSpace();
    const start = this.pos;
    if (!isNameStart(this.peek())) this.fail('expected a name');
    while (isNameChar(this.peek())) this.pos++;
    return this.src.slice(start, this.pos);
  }

  /** A quoted grammar literal, returned with its quotes. */
  private stringLiteral(): string {
    const quote = this.peek();
    const start = this.pos++;
    while (this.pos < this.src.length && this.src[this.pos] !== quote) {
      if (this.src[this.pos] === '\\') this.pos++;
      if (this.src[this.pos] === '\n') this.fail('unterminated string');
      this.pos++;
    }
    this.pos++;
    return this.src.slice(start, this.pos);
  }

  /** The source text between a balanced pair of brackets, the opening one at `pos`. */
  private balanced(open: string, close: string): string {
    const s = this.src;
    const start = ++this.pos;
    let depth = 1;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === "'" || c === '"' || c === '`') {
        this.skipCodeString(c);
        continue;
      }
      if (c === '/' && s[this.pos + 1] === '/') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
        continue;
      }
      if (c === '{' || c === '[' || c === '(') depth++;
      else if (c === '}' || c === ']' || c === ')') {
        depth--;
        if (depth === 0) {
          if (c !== close) this.fail(`expected '${close}' to close '${open}'`);
          const text = s.slice(start, this.pos);
          this.pos++;
          return text.trim();
        }
      }
      this.pos++;
    }
    return this.fail(`unclosed '${open}'`);
  }

  /** Skips a TypeScript string or template literal inside an action. */
  private skipCodeString(quote: string): void {
    const s = this.src;
    this.pos++;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === '\\') {
        this.pos += 2;
        continue;
      }
      if (c === quote) {
        this.pos++;
        return;
      }
      if (quote === '`' && c === '$' && s[this.pos + 1] === '{') {
        this.pos++;
        this.balanced('{', '}');
        continue;
      }
      this.pos++;
    }
    this.fail('unterminated string in action');
  }

  // --- metas -----------------------------------------------------------------

  private meta(): [string, string | undefined] {
    this.pos++; // '@'
    const name = this.name();
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
    const c = this.peek();
    let value: string | undefined;
    if (c === '"' || c === "'") value = this.pythonString();
    else if (isNameStart(c)) value = this.name();
    return [name, value];
  }

  /** A Python string literal (possibly triple-quoted), evaluated. */
  private pythonString(): string {
    const s = this.src;
    const q = s[this.pos]!;
    const triple = s.startsWith(q.repeat(3), this.pos);
    const delim = triple ? q.repeat(3) : q;
    const start = this.pos + delim.length;
    let i = start;
    while (i < s.length && !s.startsWith(delim, i)) i += s[i] === '\\' ? 2 : 1;
    if (i >= s.length) this.fail('unterminated meta string');
    this.pos = i + delim.length;
    return unescapePython(s.slice(start, i));
  }

  // --- rules -----------------------------------------------------------------

  private rule(): Rule {
    const name = this.name();
    let type: string | undefined;
    if (this.peek() === '[') type = this.balanced('[', ']');
    let memo = false;
    this.skipSpace();
    if (this.peek() === '(') {
      this.pos++;
      if (this.name() !== 'memo') this.fail("expected 'memo'");
      this.expect(')');
      memo = true;
    }
    this.expect(':');
    this.tryConsume('|');
    const rhs = this.alts();
    if (!this.atRuleEnd()) this.fail(`unexpected text in rule ${name}`);
    return new Rule(name, type, rhs, memo);
  }

  private alts(): Rhs {
    const alts = [this.alt()];
    while (this.tryConsume('|')) alts.push(this.alt());
    return new Rhs(alts);
  }

  private alt(): Alt {
    const items: NamedItem[] = [];
    for (;;) {
      this.skipSpace();
      if (this.atRuleEnd()) break;
      const c = this.peek();
      if (c === '|' || c === ')' || c === ']' || c === '{') break;
      items.push(this.namedItem());
    }
    if (items.length === 0) this.fail('empty alternative');
    let action: string | undefined;
    this.skipSpace();
    if (!this.atRuleEnd() && this.peek() === '{') action = this.balanced('{', '}');
    return new Alt(items, action);
  }

  private namedItem(): NamedItem {
    const c = this.peek();
    if (c === '&') {
      this.pos++;
      if (this.peek() === '&') {
        this.pos++;
        return new NamedItem(undefined, new Forced(this.atom()));
      }
      return new NamedItem(undefined, new PositiveLookahead(this.atom()));
    }
    if (c === '!') {
      this.pos++;
      return new NamedItem(undefined, new NegativeLookahead(this.atom()));
    }
    if (c === '~') {
      this.pos++;
      return new NamedItem(undefined, new Cut());
    }
    if (isNameStart(c)) {
      const save = this.pos;
      const name = this.name();
      let type: string | undefined;
      if (this.peek() === '[') type = this.balanced('[', ']');
      this.skipSpace();
      if (this.peek() === '=' && this.peek(1) !== '=') {
        this.pos++;
        if (name.startsWith('_')) this.fail(`Variable names cannot start with underscore: '${name}'`);
        this.skipSpace();
        return new NamedItem(name, this.item(), type);
      }
      this.pos = save;
    }
    return new NamedItem(undefined, this.item());
  }

  private item(): Item {
    this.skipSpace();
    if (this.peek() === '[') {
      this.pos++;
      const rhs = this.alts();
      this.expect(']');
      return new Opt(rhs);
    }
    const atom = this.atom();
    const c = this.peek();
    if (c === '?') {
      this.pos++;
      return new Opt(atom);
    }
    if (c === '*') {
      this.pos++;
      return new Repeat0(atom);
    }
    if (c === '+') {
      this.pos++;
      return new Repeat1(atom);
    }
    if (c === '.' && (isNameStart(this.peek(1)) || this.peek(1) === "'" || this.peek(1) === '"' || this.peek(1) === '(')) {
      this.pos++;
      const node = this.atom();
      if (this.peek() !== '+') this.fail("expected '+' after a gather");
      this.pos++;
      return new Gather(atom, node);
    }
    return atom;
  }

  private atom(): Item {
    this.skipSpace();
    const c = this.peek();
    if (c === '(') {
      this.pos++;
      const rhs = this.alts();
      this.expect(')');
      return new Group(rhs);
    }
    if (c === "'" || c === '"') return new StringLeaf(this.stringLiteral());
    if (c === '$') {
      this.pos++;
      return new NameLeaf('ENDMARKER');
    }
    if (isNameStart(c)) return new NameLeaf(this.name());
    return this.fail(`unexpected '${c}'`);
  }
}

/** Evaluates the escapes of a Python string literal body (enough for grammar metas). */
function unescapePython(body: string): string {
  return body.replace(/\\(\n|\\|'|"|n|t|r)/g, (_m, e: string) => {
    switch (e) {
      case '\n': return '';
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      default: return e;
    }
  });
}
