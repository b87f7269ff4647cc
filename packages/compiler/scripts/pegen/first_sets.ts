// FIRST sets: the token types that can start a successful match of a rule or an
// alternative. The generator uses them to skip, without calling anything, alternatives
// that cannot match the current token. (CPython's generator has no such filter; it is
// an addition of tspy's and changes no result, see `isFilterable`.)
//
// A set is conservative: besides the tokens that can start a match, it holds every
// token on which evaluating the alternative could raise an error. An alternative is
// `any` (never skipped) when it could match or raise without looking at the token:
// when all its leading items are nullable, or when a cut or a forced item (`&&x`,
// which raises on a mismatch) comes before its first consuming item.

import {
  Alt, Cut, Forced, Gather, Group, NameLeaf, NamedItem, NegativeLookahead, Opt, PositiveLookahead,
  Repeat0, Repeat1, Rhs, type Rule, StringLeaf, type Item,
} from './grammar.js';

export interface First {
  tokens: Set<number>;
  /** Can succeed without consuming a token. */
  nullable: boolean;
  /** Can succeed or raise whatever the token is: never filter. */
  any: boolean;
}

const ANY: First = { tokens: new Set(), nullable: true, any: true };

export class FirstSets {
  private readonly ruleFirst = new Map<string, First>();

  constructor(
    private readonly rules: ReadonlyMap<string, Rule>,
    /** The token type a leaf matches, undefined for a rule name. */
    private readonly tokenType: (leaf: NameLeaf | StringLeaf) => number | undefined,
  ) {
    for (const name of rules.keys()) this.ruleFirst.set(name, { tokens: new Set(), nullable: false, any: false });
    // Fixed point: the sets only grow.
    for (let changed = true; changed;) {
      changed = false;
      for (const [name, rule] of rules) {
        let next = this.rhs(rule.flatten());
        // A `_loop0_` rule also matches nothing.
        if (name.startsWith('_loop0_')) next = { tokens: next.tokens, nullable: true, any: next.any };
        const prev = this.ruleFirst.get(name)!;
        if (next.any !== prev.any || next.nullable !== prev.nullable || next.tokens.size !== prev.tokens.size) {
          this.ruleFirst.set(name, next);
          changed = true;
        }
      }
    }
  }

  /** The FIRST set of an alternative. */
  alt(alt: Alt): First {
    const tokens = new Set<number>();
    for (const named of alt.items) {
      const f = this.item(named.item);
      if (f.any) return ANY;
      for (const t of f.tokens) tokens.add(t);
      if (!f.nullable) return { tokens, nullable: false, any: false };
    }
    return { tokens, nullable: true, any: false };
  }

  /**
   * For a rule left-recursive through itself only: the tokens that can follow the
   * leading self-reference of its left-recursive alternatives, or undefined when one of
   * them could go on without looking at that token.
   */
  continuation(rule: Rule): Set<number> | undefined {
    const tokens = new Set<number>();
    for (const alt of rule.flatten().alts) {
      const first = alt.items[0]?.item;
      if (!(first instanceof NameLeaf) || first.value !== rule.name) continue;
      const rest = this.alt(new Alt(alt.items.slice(1)));
      if (rest.any || rest.nullable) return undefined;
      for (const t of rest.tokens) tokens.add(t);
    }
    return tokens;
  }

  /** True when the alternative can be skipped if the current token is not in `alt(alt).tokens`. */
  isFilterable(alt: Alt): boolean {
    const f = this.alt(alt);
    return !f.any && !f.nullable;
  }

  private rhs(rhs: Rhs): First {
    const tokens = new Set<number>();
    let nullable = false;
    for (const alt of rhs.alts) {
      const f = this.alt(alt);
      if (f.any) return ANY;
      for (const t of f.tokens) tokens.add(t);
      nullable ||= f.nullable;
    }
    return { tokens, nullable, any: false };
  }

  private item(node: Item | NamedItem): First {
    if (node instanceof NamedItem) return this.item(node.item);
    if (node instanceof NameLeaf || node instanceof StringLeaf) {
      const type = this.tokenType(node);
      if (type !== undefined) return { tokens: new Set([type]), nullable: false, any: false };
      return this.ruleFirst.get((node as NameLeaf).value) ?? ANY;
    }
    if (node instanceof Rhs) return this.rhs(node);
    if (node instanceof Group) return this.rhs(node.rhs);
    if (node instanceof Opt || node instanceof Repeat0) {
      const f = this.item(node.node);
      return { tokens: f.tokens, nullable: true, any: f.any };
    }
    if (node instanceof Repeat1) return this.item(node.node);
    if (node instanceof Gather) return this.item(node.node);
    if (node instanceof PositiveLookahead) return this.item(node.node);
    if (node instanceof NegativeLookahead) {
      // Evaluating the lookahead may raise on its own FIRST tokens.
      const f = this.item(node.node);
      return { tokens: f.tokens, nullable: true, any: f.any };
    }
    if (node instanceof Forced || node instanceof Cut) return ANY;
    return ANY;
  }
}
