// The grammar tree of pegen's meta-grammar.
// CPython: Tools/peg_generator/pegen/grammar.py
//
// `toString()` reproduces pegen's `__str__` (the SIMPLE_STR form, without actions and
// item names) because the generator keys its artificial rules on it, as pegen does.

export type Item = NameLeaf | StringLeaf | Group | Rhs | Opt | Repeat0 | Repeat1 | Gather
  | PositiveLookahead | NegativeLookahead | Forced | Cut;

export class Grammar {
  constructor(
    readonly rules: Map<string, Rule>,
    readonly metas: Map<string, string | undefined>,
  ) {}
}

export class Rule {
  leftRecursive = false;
  leader = false;
  /** Left-recursive through itself only (its cycle has no other rule). */
  directLeftRecursionOnly = false;
  constructor(
    readonly name: string,
    readonly type: string | undefined,
    readonly rhs: Rhs,
    readonly memo = false,
  ) {}

  isLoop(): boolean {
    return this.name.startsWith('_loop');
  }

  isGather(): boolean {
    return this.name.startsWith('_gather');
  }

  /** A rule whose body is one parenthesized group is that group. CPython: grammar.py Rule.flatten */
  flatten(): Rhs {
    const rhs = this.rhs;
    if (!this.isLoop() && rhs.alts.length === 1 && rhs.alts[0]!.items.length === 1) {
      const item = rhs.alts[0]!.items[0]!.item;
      if (item instanceof Group) return item.rhs;
    }
    return rhs;
  }
}

export class NameLeaf {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value === 'ENDMARKER' ? '$' : this.value;
  }
}

/** A quoted literal; `value` keeps its quotes: `'if'` is a keyword, `"match"` a soft keyword. */
export class StringLeaf {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export class Rhs {
  constructor(readonly alts: Alt[]) {}
  toString(): string {
    return this.alts.map(String).join(' | ');
  }
  /** CPython: grammar.py Rhs.can_be_inlined */
  get canBeInlined(): boolean {
    return this.alts.length === 1 && this.alts[0]!.items.length === 1 && this.alts[0]!.action === undefined;
  }
}

export class Alt {
  constructor(
    readonly items: NamedItem[],
    readonly action: string | undefined = undefined,
  ) {}
  toString(): string {
    return this.items.map(String).join(' ');
  }
}

export class NamedItem {
  constructor(
    readonly name: string | undefined,
    readonly item: Item,
    readonly type: string | undefined = undefined,
  ) {}
  toString(): string {
    return String(this.item);
  }
}

export class Forced {
  constructor(readonly node: Item) {}
  toString(): string {
    return `&&${this.node}`;
  }
}

export class PositiveLookahead {
  constructor(readonly node: Item) {}
  toString(): string {
    return `&${this.node}`;
  }
}

export class NegativeLookahead {
  constructor(readonly node: Item) {}
  toString(): string {
    return `!${this.node}`;
  }
}

export class Opt {
  constructor(readonly node: Item) {}
  toString(): string {
    const s = String(this.node);
    return s.includes(' ') ? `[${s}]` : `${s}?`;
  }
}

export class Repeat0 {
  constructor(readonly node: Item) {}
  toString(): string {
    return `${this.node}*`;
  }
}

export class Repeat1 {
  constructor(readonly node: Item) {}
  toString(): string {
    return `${this.node}+`;
  }
}

export class Gather {
  constructor(
    readonly separator: Item,
    readonly node: Item,
  ) {}
  toString(): string {
    return `${this.separator}.${this.node}+`;
  }
}

export class Group {
  constructor(readonly rhs: Rhs) {}
  toString(): string {
    return `(${this.rhs})`;
  }
}

export class Cut {
  toString(): string {
    return '~';
  }
}

export class GrammarError extends Error {}
