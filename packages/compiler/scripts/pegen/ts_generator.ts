// The TypeScript parser generator: one module-level function per rule, shaped like
// the C functions CPython's generator writes.
// CPython: Tools/peg_generator/pegen/c_generator.py (CCallMakerVisitor, CParserGenerator)
// and parser_generator.py (ParserGenerator: rule collection, artificial rules, keywords).
//
// Differences, none of them observable in results or errors:
// - errors are thrown (PySyntaxError), so there are no `p->error_indicator` checks;
// - `goto done` is `break done` out of a labelled block;
// - a failed match is `undefined` (C's NULL); loops return arrays;
// - alternatives whose FIRST set excludes the current token are skipped (first_sets.ts);
// - variables are shared between alternatives where their types agree, and the generator's
//   own unused variables are dropped: small frames let nesting as deep as CPython's
//   MAXSTACK allows fit in the JavaScript stack;
// - a left-recursive leader hands its seed to its own alternatives on the parser's seed
//   stack, not through the memo; in `A B | A`, the second alternative takes A's match
//   from the first (isPrefixFallback); memoization is CPython's unless the `unmemoized`/
//   `memoized` options say otherwise (python.gram's parser, made by main.ts, leaves out
//   LEAN_UNMEMOIZED_RULES);
// - a lookahead on a plain choice of tokens reads the token type (lookaheadTokenSet);
// - a rule item after an alternative's first is skipped when its FIRST set excludes the
//   token, and a leader's seedless first round does without its raw function;
// - an operand shortcut (OperandShortcut) skips a chain of pass-through rules.

import { EXACT_TOKEN_TYPES, tokName } from '../../src/tokenizer/token.js';
import { computeLeftRecursives } from './analysis.js';
import { FirstSets } from './first_sets.js';
import {
  Alt, Cut, Forced, Gather, type Grammar, GrammarError, Group, NameLeaf, NamedItem, NegativeLookahead, Opt,
  PositiveLookahead, Repeat0, Repeat1, Rhs, Rule, StringLeaf, type Item,
} from './grammar.js';

export interface GenerateOptions {
  /** Shown in the first line: which grammar the parser was generated from. */
  grammarName: string;
  /** Module specifier of the parser runtime (`src/parser/pegen.ts`) as seen from the output. */
  runtimeModule: string;
  /** Skip alternatives whose FIRST set excludes the current token (default true). */
  firstSets?: boolean;
  /**
   * Rules not to memoize although CPython does (default: none — memoization is exactly
   * CPython's). LEAN_UNMEMOIZED_RULES is the measured alternative.
   */
  unmemoized?: ReadonlySet<string>;
  /**
   * Rules to memoize besides the grammar's `(memo)` ones and left-recursive leaders
   * (default: none). LEAN_MEMOIZED_RULES is the measured alternative.
   */
  memoized?: ReadonlySet<string>;
  /** Rules that parse a lone operand followed by an ending token without their chain
   *  of rules (checked against the grammar: see OperandShortcut). */
  operandShortcuts?: readonly OperandShortcut[];
  /**
   * Neighbouring alternatives that start with the same rule share its parse (sharesHead)
   * instead of running it again at the same position, as CPython's generator does. Only
   * for grammars whose actions have no side effects (default false).
   */
  shareHeads?: boolean;
}

/**
 * `rule` reaches `operand` through a chain of rules that pass an operand through when
 * no operator follows it (`disjunction` → `conjunction` → … → `primary` → `atom`). When
 * the current token is one of `first` (an operand of one token) and the next is one of
 * `follow` (a token that continues no rule of the chain), the chain's result is the
 * operand's: the rule calls `operand` directly. In the first pass only (the second one
 * tries the chain's invalid_ alternatives), and far from MAXSTACK (the chain's frames
 * are skipped). The generator checks the chain (checkOperandShortcut).
 */
export interface OperandShortcut {
  rule: string;
  operand: string;
  /** Grammar leaves (token names like `NAME`, quoted literals like `'None'`) of operands of
   *  one token whose parse cannot raise: the next token is read before the operand. */
  first: readonly string[];
  /** Operands whose parse can raise (a string's escapes): parsed before the next token is
   *  read, as the chain does, since a SyntaxError's default location is the last token read. */
  firstParsedFirst: readonly string[];
  follow: readonly string[];
}

/**
 * The lean memo set (not the default: DESIGN.md §7 and the parser issue ask for CPython's
 * memoization; this alternative is measured and kept one option away). Whole stdlib,
 * Node 20: 0.397 s with both lean sets against 0.452 s with CPython's memoization
 * (native CPython ast.parse: 0.650 s); 12 pathological input families scaled linearly
 * with it (doubling the input doubled the time).
 *
 * Rules of python.gram memoized though the grammar does not say so: `param` is parsed
 * again and again at one position as `parameters` tries its alternatives (in the
 * stdlib, 28k params were parsed 7 times each; with the memo, once and 176k hits: a
 * parse of the stdlib is 1-2% faster). Its action has no side effect.
 */
export const LEAN_MEMOIZED_RULES: ReadonlySet<string> = new Set(['param']);

/**
 * Rules of python.gram whose memo is (almost) never read back (main.ts generates the
 * Python parser without their memo: a parse of the stdlib about 10% faster), given the seed stack
 * (setSeed/seedCall) and the `A B | A` fallback (isPrefixFallback): in a parse of the
 * whole stdlib they made 2.7M of the 4.0M memo entries, for under 100 hits. Dropping a
 * memo only changes how often a rule runs, not what it returns (their actions have no
 * side effect). A caller re-runs one of these at most twice at a position (a failed
 * alternative or growth round, an invalid_ rule in the second pass), and memoized rules
 * around them (expression, disjunction, await_primary) end each re-run: the extra work stays
 * within a constant factor. Left-recursive leaders qualify only with direct left
 * recursion through their first items (others keep their memo: `canUnmemoizeLeader`).
 */
export const LEAN_UNMEMOIZED_RULES: ReadonlySet<string> = new Set([
  'simple_stmt', 'conjunction', 'inversion', 'bitwise_or', 'bitwise_xor', 'bitwise_and', 'shift_expr', 'sum', 'term',
  'factor', 'primary',
]);

/**
 * python.gram's operand shortcut: in the stdlib, 58% of the disjunctions parsed are one
 * name, number, string or constant before a comma, bracket, colon, newline, ...; they
 * skip the 15 rules between `disjunction` and `atom`.
 */
export const PYTHON_OPERAND_SHORTCUTS: readonly OperandShortcut[] = [{
  rule: 'disjunction',
  operand: 'atom',
  first: ['NAME', "'True'", "'False'", "'None'", "'...'"],
  firstParsedFirst: ['NUMBER', 'STRING'],
  follow: ["','", "')'", "']'", "'}'", "':'", 'NEWLINE', "'='", "';'", "'if'", "'else'", "'for'", "'as'"],
}];

const NO_RULES: ReadonlySet<string> = new Set();

const START_RULES = new Set(['file', 'interactive', 'eval', 'func_type', 'fstring', 'start']);

/** The runtime functions the generated code calls, imported under these local names. */
const RUNTIME_IMPORTS = [
  'type Parser as _Parser', 'type Token as _Token', 'expectToken as _expectToken',
  'expectSoftKeyword as _expectSoftKeyword', 'expectForcedToken as _expectForcedToken',
  'expectForcedResult as _expectForcedResult', 'nameToken as _nameToken', 'numberToken as _numberToken',
  'stringToken as _stringToken', 'softKeywordToken as _softKeywordToken', 'lookahead as _lookahead',
  'lookaheadToken as _lookaheadToken', 'lookaheadTokenSet as _lookaheadTokenSet', 'lookaheadSoftKeyword as _lookaheadSoftKeyword',
  'fillToken as _fillToken', 'peekType as _peekType', 'getLastNonwhitespaceToken as _getLastNonwhitespaceToken',
  'isMemoized as _isMemoized', 'insertMemo as _insertMemo', 'setMemo as _setMemo', 'setSeed as _setSeed', 'seedCall as _seedCall',
  'dummyName as _dummyName', 'stackOverflow as _stackOverflow', 'ParserLimit as _ParserLimit',
];

/** Token types whose match builds a value that can fail (NAME: identifier checks, NUMBER: parsing). */
const TOKENS_WITH_VALUES = new Set(['NAME', 'NUMBER', 'SOFT_KEYWORD']);

const enum NodeType { Rule, NameToken, NumberToken, StringToken, SoftKeywordToken, GenericToken, Keyword, SoftKeyword, Cut }

const BASE_NODETYPES: ReadonlyMap<string, [NodeType, string, string]> = new Map([
  ['NAME', [NodeType.NameToken, '_nameToken', '_NameNode']],
  ['NUMBER', [NodeType.NumberToken, '_numberToken', '_NumberNode']],
  ['STRING', [NodeType.StringToken, '_stringToken', '_Token']],
  ['SOFT_KEYWORD', [NodeType.SoftKeywordToken, '_softKeywordToken', '_NameNode']],
]);

/** One item's call. CPython: c_generator.py FunctionCall */
interface FunctionCall {
  func: string;
  args: string[];
  assignedVariable: string | undefined;
  assignedVariableType: string | undefined;
  returnType: string;
  nodeType: NodeType;
  forceTrue: boolean;
  comment: string | undefined;
  /** For a rule called after the first item: the condition, on `_peekType(p)`, that its
   *  FIRST set holds the current token (else the call is skipped: it would fail). */
  firstGuard?: string;
}

interface PreparedAlt {
  alt: Alt;
  calls: FunctionCall[];
  /** Every variable name of the alternative (the default action uses them). */
  vars: string[];
}

function call(partial: Partial<FunctionCall> & { func: string }): FunctionCall {
  return {
    args: ['p'], assignedVariable: undefined, assignedVariableType: undefined, returnType: 'any',
    nodeType: NodeType.Rule, forceTrue: false, comment: undefined, ...partial,
  };
}

function renderCall(c: FunctionCall): string {
  return c.func === 'true' ? 'true' : `${c.func}(${c.args.join(', ')})`;
}

/** A Python string literal of the grammar (`'if'`, `"match"`, `'\\'`) evaluated. */
function literalValue(quoted: string): string {
  return quoted.slice(1, -1).replace(/\\(.)/g, '$1');
}

const IDENT = /^[a-zA-Z_]\w*$/;

export class TypeScriptParserGenerator {
  private readonly rules: Map<string, Rule>;
  private readonly allRules: Map<string, Rule>;
  private readonly keywords = new Map<string, number>();
  private readonly softKeywords = new Set<string>();
  private readonly nonExactTokens: Set<string>;
  private readonly artificialCache = new Map<string, string>();
  private counter = 0;
  private keywordCounter = 499;
  private readonly out: string[] = [];
  private level = 0;
  private localVariables: string[] = [];
  private cleanup: string[] = [];
  private readonly memoTypes = new Map<string, number>();
  /** The rule being generated. */
  private currentRule: Rule | undefined;
  private firstSets: FirstSets | undefined;
  /** FIRST-set lookup tables by their sorted content. */
  private readonly firstTables = new Map<string, string>();

  constructor(
    private readonly grammar: Grammar,
    private readonly options: GenerateOptions,
  ) {
    this.rules = grammar.rules;
    for (const name of this.rules.keys()) {
      if (name.startsWith('_')) throw new GrammarError(`Rule names cannot start with underscore: '${name}'`);
    }
    const exact = new Set(EXACT_TOKEN_TYPES.values());
    this.nonExactTokens = new Set(tokName.filter((_n, i) => !exact.has(i)));
    this.checkReferences();
    computeLeftRecursives(this.rules);
    this.allRules = new Map(this.rules);
  }

  // --- collection (CPython: parser_generator.py collect_rules) ---------------

  private checkReferences(): void {
    const visit = (node: Item | Rhs): void => {
      if (node instanceof NameLeaf) {
        if (!this.rules.has(node.value) && !this.nonExactTokens.has(node.value)) {
          throw new GrammarError(`Dangling reference to rule '${node.value}'`);
        }
      } else if (node instanceof Rhs) {
        for (const alt of node.alts) for (const item of alt.items) visit(item.item);
      } else if (node instanceof Group) visit(node.rhs);
      else if (node instanceof Gather) {
        visit(node.separator);
        visit(node.node);
      } else if (!(node instanceof StringLeaf || node instanceof Cut)) visit(node.node);
    };
    for (const rule of this.rules.values()) visit(rule.rhs);
  }

  private collectKeywords(node: Item | Rhs): void {
    if (node instanceof StringLeaf) {
      const val = literalValue(node.value);
      if (IDENT.test(val)) {
        if (node.value.endsWith("'")) {
          if (!this.keywords.has(val)) this.keywords.set(val, ++this.keywordCounter);
        } else this.softKeywords.add(val);
      }
    } else if (node instanceof Rhs) {
      for (const alt of node.alts) for (const item of alt.items) this.collectKeywords(item.item);
    } else if (node instanceof Group) this.collectKeywords(node.rhs);
    else if (node instanceof Gather) {
      this.collectKeywords(node.separator);
      this.collectKeywords(node.node);
    } else if (!(node instanceof NameLeaf || node instanceof Cut)) this.collectKeywords(node.node);
  }

  private collectRules(): void {
    for (const rule of this.allRules.values()) this.collectKeywords(rule.rhs);
    const done = new Set<string>();
    for (;;) {
      const todo = [...this.allRules.keys()].filter((n) => !done.has(n));
      if (todo.length === 0) break;
      for (const n of this.allRules.keys()) done.add(n);
      for (const name of todo) {
        for (const alt of this.allRules.get(name)!.flatten().alts) {
          for (const item of alt.items) this.generateCall(item);
        }
      }
    }
  }

  private artificialRuleFromRhs(rhs: Rhs): string {
    const name = `_tmp_${++this.counter}`;
    this.allRules.set(name, new Rule(name, undefined, rhs));
    return name;
  }

  private artificialRuleFromRepeat(node: Item, isRepeat1: boolean): string {
    const name = `${isRepeat1 ? '_loop1_' : '_loop0_'}${++this.counter}`;
    this.allRules.set(name, new Rule(name, undefined, new Rhs([new Alt([new NamedItem(undefined, node)])])));
    return name;
  }

  private artificialRuleFromGather(node: Gather): string {
    const loopName = `_loop0_${++this.counter}`;
    const loopAlt = new Alt([new NamedItem(undefined, node.separator), new NamedItem('elem', node.node)], 'elem');
    this.allRules.set(loopName, new Rule(loopName, undefined, new Rhs([loopAlt])));
    const name = `_gather_${++this.counter}`;
    const alt = new Alt([new NamedItem('elem', node.node), new NamedItem('seq', new NameLeaf(loopName))]);
    this.allRules.set(name, new Rule(name, undefined, new Rhs([alt])));
    return name;
  }

  // --- calls (CPython: c_generator.py CCallMakerVisitor) ----------------------

  private artificialCall(node: Item | Rhs, prefix: string, make: () => string, returnType = 'any'): FunctionCall {
    const key = `${prefix}_${node}`;
    let name = this.artificialCache.get(key);
    if (name === undefined) {
      name = make();
      this.artificialCache.set(key, name);
    }
    return call({ func: `${name}_rule`, assignedVariable: `${name}_var`, returnType, comment: String(node) });
  }

  private ruleType(rule: Rule): string {
    if (rule.isLoop() || rule.isGather()) return 'any[]';
    return rule.type ?? 'any';
  }

  private generateCall(node: NamedItem | Item | Rhs): FunctionCall {
    if (node instanceof NamedItem) {
      const c = this.generateCall(node.item);
      if (node.name !== undefined) c.assignedVariable = node.name;
      if (node.type !== undefined) c.assignedVariableType = node.type;
      return c;
    }
    if (node instanceof NameLeaf) {
      const name = node.value;
      if (this.nonExactTokens.has(name)) {
        const base = BASE_NODETYPES.get(name);
        if (base !== undefined) {
          return call({ func: base[1], nodeType: base[0], returnType: base[2], assignedVariable: `${name.toLowerCase()}_var`, comment: name });
        }
        return call({
          func: '_expectToken', args: ['p', `${tokName.indexOf(name)} /* ${name} */`], nodeType: NodeType.GenericToken,
          returnType: '_Token', assignedVariable: `${name.toLowerCase()}_var`, comment: `token='${name}'`,
        });
      }
      const rule = this.allRules.get(name);
      return call({ func: `${name}_rule`, assignedVariable: `${name}_var`, returnType: rule ? this.ruleType(rule) : 'any', comment: name });
    }
    if (node instanceof StringLeaf) {
      const val = literalValue(node.value);
      if (IDENT.test(val)) {
        if (node.value.endsWith("'")) {
          return call({
            func: '_expectToken', args: ['p', `${this.keywords.get(val)} /* '${val}' */`], nodeType: NodeType.Keyword,
            returnType: '_Token', assignedVariable: '_keyword', comment: `token='${val}'`,
          });
        }
        return call({
          func: '_expectSoftKeyword', args: ['p', `'${val}'`], nodeType: NodeType.SoftKeyword,
          returnType: '_NameNode', assignedVariable: '_keyword', comment: `soft_keyword='${val}'`,
        });
      }
      const type = EXACT_TOKEN_TYPES.get(val);
      if (type === undefined) throw new GrammarError(`${node.value} is not a known literal`);
      return call({
        func: '_expectToken', args: ['p', `${type} /* '${val}' */`], nodeType: NodeType.GenericToken,
        returnType: '_Token', assignedVariable: '_literal', comment: `token='${val}'`,
      });
    }
    if (node instanceof Rhs) {
      if (node.canBeInlined) return this.generateCall(node.alts[0]!.items[0]!);
      return this.artificialCall(node, 'rhs', () => this.artificialRuleFromRhs(node));
    }
    if (node instanceof PositiveLookahead || node instanceof NegativeLookahead) {
      return this.lookaheadCall(node, node instanceof PositiveLookahead);
    }
    if (node instanceof Forced) return this.forcedCall(node);
    if (node instanceof Opt) {
      const c = this.generateCall(node.node);
      return call({ func: c.func, args: c.args, returnType: c.returnType, assignedVariable: '_opt_var', forceTrue: true, comment: String(node) });
    }
    if (node instanceof Repeat0) {
      return this.artificialCall(node, 'repeat0', () => this.artificialRuleFromRepeat(node.node, false), 'any[]');
    }
    if (node instanceof Repeat1) {
      return this.artificialCall(node, 'repeat1', () => this.artificialRuleFromRepeat(node.node, true), 'any[]');
    }
    if (node instanceof Gather) {
      return this.artificialCall(node, 'gather', () => this.artificialRuleFromGather(node), 'any[]');
    }
    if (node instanceof Group) return this.generateCall(node.rhs);
    if (node instanceof Cut) {
      return call({ func: 'true', args: [], assignedVariable: '_cut_var', returnType: 'boolean', nodeType: NodeType.Cut });
    }
    throw new GrammarError(`unexpected grammar node ${String(node)}`);
  }

  /** CPython: c_generator.py lookahead_call_helper */
  private lookaheadCall(node: PositiveLookahead | NegativeLookahead, positive: boolean): FunctionCall {
    const c = this.generateCall(node.node);
    let func: string;
    let args: string[];
    switch (c.nodeType) {
      case NodeType.GenericToken:
      case NodeType.Keyword:
        func = '_lookaheadToken';
        args = ['p', String(positive), c.args[1]!];
        break;
      case NodeType.NameToken:
      case NodeType.StringToken:
        // The token's type decides; nameToken/stringToken cannot fail on a token of that type.
        func = '_lookaheadToken';
        args = ['p', String(positive), c.nodeType === NodeType.NameToken ? '1 /* NAME */' : '3 /* STRING */'];
        break;
      case NodeType.SoftKeyword:
        func = '_lookaheadSoftKeyword';
        args = ['p', String(positive), c.args[1]!];
        break;
      default: {
        const tokens = this.tokenChoice(c.func);
        if (tokens !== undefined) {
          func = '_lookaheadTokenSet';
          args = ['p', String(positive), this.firstTable(tokens)];
        } else {
          func = '_lookahead';
          args = ['p', String(positive), c.func];
        }
      }
    }
    return call({ func, args, returnType: 'boolean', nodeType: NodeType.Rule, comment: String(node) });
  }

  /**
   * The token types of a rule that is a plain choice of tokens (`'(' | '[' | '.'`:
   * each alternative one operator, keyword or token type without a value of its own,
   * and no action), or undefined.
   * Such a rule matches exactly when the current token has one of those types, and has
   * no other effect: a lookahead on it needs only the token's type.
   */
  private tokenChoice(func: string): number[] | undefined {
    if (this.firstSets === undefined || !func.endsWith('_rule')) return undefined;
    const rule = this.allRules.get(func.slice(0, -'_rule'.length));
    if (rule === undefined || rule.memo || rule.leftRecursive || rule.isLoop() || rule.isGather()) return undefined;
    const types = new Set<number>();
    for (const alt of rule.rhs.alts) {
      const item = alt.items.length === 1 ? alt.items[0]!.item : undefined;
      if (alt.action !== undefined || item === undefined) return undefined;
      let type: number | undefined;
      if (item instanceof StringLeaf) {
        // Soft keywords ("match") are NAMEs with a given text: not decided by the type.
        if (!item.value.endsWith("'")) return undefined;
        type = this.leafTokenType(item);
      } else if (item instanceof NameLeaf && !TOKENS_WITH_VALUES.has(item.value)) {
        type = this.leafTokenType(item);
      }
      if (type === undefined) return undefined;
      types.add(type);
    }
    return [...types].sort((a, b) => a - b);
  }

  /** CPython: c_generator.py visit_Forced */
  private forcedCall(node: Forced): FunctionCall {
    const inner = node.node;
    if (inner instanceof StringLeaf) {
      const val = literalValue(inner.value);
      const type = EXACT_TOKEN_TYPES.get(val);
      if (type === undefined) throw new GrammarError(`${inner.value} is not a known literal`);
      return call({
        func: '_expectForcedToken', args: ['p', `${type}`, JSON.stringify(val)], nodeType: NodeType.GenericToken,
        returnType: '_Token', assignedVariable: '_literal', comment: `forced_token='${val}'`,
      });
    }
    if (inner instanceof Group) {
      const c = this.generateCall(inner.rhs);
      return call({
        func: '_expectForcedResult', args: ['p', renderCall(c), JSON.stringify(String(inner.rhs))],
        returnType: 'any', assignedVariable: '_literal', comment: `forced_token=(${inner.rhs})`,
      });
    }
    throw new GrammarError(`Forced tokens don't work with ${String(inner)} nodes`);
  }

  /** The token type a leaf matches (soft keywords are NAMEs), undefined for rules. */
  private leafTokenType(leaf: NameLeaf | StringLeaf): number | undefined {
    if (leaf instanceof NameLeaf) {
      if (!this.nonExactTokens.has(leaf.value)) return undefined;
      return leaf.value === 'SOFT_KEYWORD' ? tokName.indexOf('NAME') : tokName.indexOf(leaf.value);
    }
    const val = literalValue(leaf.value);
    if (IDENT.test(val)) return leaf.value.endsWith("'") ? this.keywords.get(val) : tokName.indexOf('NAME');
    return EXACT_TOKEN_TYPES.get(val);
  }

  /** The condition that the token at `p.mark` cannot continue the seed of `rule`, or undefined. */
  private growthStopCondition(rule: Rule): string | undefined {
    if (this.firstSets === undefined || !rule.directLeftRecursionOnly) return undefined;
    const tokens = this.firstSets.continuation(rule);
    if (tokens === undefined) return undefined;
    const types = [...tokens].sort((a, b) => a - b);
    if (types.length === 0) return 'true';
    if (types.length <= 3) return types.map((t) => `p.tokens[p.mark]!.type !== ${t}`).join(' && ');
    return `${this.firstTable(types)}[p.tokens[p.mark]!.type] !== 1`;
  }

  private firstTable(types: number[]): string {
    const key = types.join(', ');
    let name = this.firstTables.get(key);
    if (name === undefined) {
      name = `_FIRST_${this.firstTables.size}`;
      this.firstTables.set(key, name);
    }
    return name;
  }

  /**
   * The guard of a rule call (`c`, for `item`) that does not read `_tt`: the condition
   * on `_peekType(p)` that the rule can match, by its FIRST set, or undefined. A rule
   * item after an alternative's first, or `x?` anywhere, is skipped when it is false.
   */
  private callGuard(item: NamedItem, c: FunctionCall, first: boolean): string | undefined {
    const rule = item.item instanceof Opt ? item.item.node : !first && !c.forceTrue ? item.item : undefined;
    if (this.firstSets === undefined || rule === undefined) return undefined;
    if (c.nodeType !== NodeType.Rule || c.returnType === 'boolean' || !c.func.endsWith('_rule')) return undefined;
    const alone = new Alt([new NamedItem(undefined, rule)]);
    if (!this.firstSets.isFilterable(alone)) return undefined;
    const types = [...this.firstSets.alt(alone).tokens].sort((a, b) => a - b);
    if (types.length === 1) return `_peekType(p) === ${types[0]}`;
    return `${this.firstTable(types)}[_peekType(p)] === 1`;
  }

  /** The condition `_tt` (the current token's type) is in the FIRST set of `alt`, or undefined. */
  private firstCondition(alt: Alt): string | undefined {
    if (this.firstSets === undefined || !this.firstSets.isFilterable(alt)) return undefined;
    const types = [...this.firstSets.alt(alt).tokens].sort((a, b) => a - b);
    if (types.length <= 3) return types.map((t) => `_tt === ${t}`).join(' || ') || 'false';
    return `${this.firstTable(types)}[_tt] === 1`;
  }

  // --- output ------------------------------------------------------------------

  private print(line = ''): void {
    this.out.push(line === '' ? '' : '  '.repeat(this.level) + line);
  }

  private indent(body: () => void): void {
    this.level++;
    body();
    this.level--;
  }

  private dedupe(name: string): string {
    let result = name;
    for (let counter = 1; this.localVariables.includes(result); counter++) result = `${name}_${counter}`;
    this.localVariables.push(result);
    return result;
  }

  private printReturn(value: string): void {
    for (const stmt of this.cleanup) this.print(stmt);
    this.print('p.level--;');
    this.print(`return ${value};`);
  }

  generate(): string {
    this.collectRules();
    if (this.options.firstSets ?? true) {
      this.firstSets = new FirstSets(this.allRules, (leaf) => this.leafTokenType(leaf));
    }
    const metas = this.grammar.metas;
    this.print(`// Generated by packages/compiler/scripts/pegen from ${this.options.grammarName} — do not edit.`);
    this.print('/* eslint-disable */');
    this.print(`import { ${RUNTIME_IMPORTS.join(', ')} } from '${this.options.runtimeModule}';`);
    const header = metas.get('header');
    if (header) this.out.push(header.replace(/\n+$/, ''));
    const subheader = metas.get('subheader');
    if (subheader) this.out.push(subheader.replace(/\n+$/, ''));
    this.print();
    this.print('type _NameNode = NonNullable<ReturnType<typeof _nameToken>>;');
    this.print('type _NumberNode = NonNullable<ReturnType<typeof _numberToken>>;');
    this.print();
    this.setupKeywords();
    // Memo keys of the memoized rules (CPython: the `#define rule_type` numbers).
    for (const [name, rule] of this.allRules) {
      if (this.unmemoized.has(name) && (!rule.leftRecursive || this.canUnmemoizeLeader(rule))) continue;
      const memo = rule.memo || (this.options.memoized ?? NO_RULES).has(name);
      if ((memo && !rule.leftRecursive) || (rule.leftRecursive && rule.leader)) this.memoTypes.set(name, 1000 + this.memoTypes.size);
    }
    for (const [name, index] of this.memoTypes) this.print(`const ${name}_type = ${index};`);
    const body: string[] = [];
    const head = this.out.splice(0);
    for (const rule of this.allRules.values()) {
      this.print();
      this.visitRule(rule);
    }
    body.push(...this.out.splice(0));
    this.out.push(...head);
    if (this.firstTables.size > 0) {
      this.print('/** A FIRST-set lookup table indexed by token type. */');
      this.print('function _firstTable(types: number[]): Uint8Array {');
      this.print('  const table = new Uint8Array(1024);');
      this.print('  for (const t of types) table[t] = 1;');
      this.print('  return table;');
      this.print('}');
      for (const [key, name] of this.firstTables) this.print(`const ${name} = _firstTable([${key}]);`);
    }
    this.out.push(...body);
    const trailer = metas.get('trailer');
    if (trailer) {
      this.print();
      this.out.push(trailer.replace(/\n+$/, ''));
    }
    return this.out.join('\n') + '\n';
  }

  /** CPython: c_generator.py _setup_keywords / _setup_soft_keywords (a Map instead of per-length arrays). */
  private setupKeywords(): void {
    this.print('/** Reserved keywords and their token types. */');
    this.print('export const KEYWORDS: ReadonlyMap<string, number> = new Map([');
    this.indent(() => {
      for (const [kw, type] of this.keywords) this.print(`['${kw}', ${type}],`);
    });
    this.print(']);');
    this.print('/** Soft keywords, sorted. */');
    const soft = [...this.softKeywords].sort().map((s) => `'${s}'`);
    this.print(`export const SOFT_KEYWORDS: readonly string[] = [${soft.join(', ')}];`);
  }

  /** CPython: c_generator.py visit_Rule */
  private visitRule(rule: Rule): void {
    const isLoop = rule.isLoop();
    const rhs = rule.flatten();
    const resultType = isLoop || rule.isGather() ? 'any[]' : (rule.type ?? 'any');
    for (const line of `${rule.name}: ${rule.rhs}`.split('\n')) this.print(`// ${line}`);
    const exported = START_RULES.has(rule.name) ? 'export ' : '';
    this.currentRule = rule;
    if (rule.leftRecursive && rule.leader) {
      this.print('// Left-recursive leader');
      this.printMemoizationWrapper(rule, resultType, exported);
      this.print(`function ${rule.name}_raw(p: _Parser): ${resultType} | undefined {`);
    } else {
      if (rule.leftRecursive) this.print('// Left-recursive');
      this.print(`${exported}function ${rule.name}_rule(p: _Parser): ${resultType} | undefined {`);
    }
    this.indent(() => {
      this.print('if (p.level++ === _ParserLimit.MAXSTACK) _stackOverflow(p);');
      this.cleanup = [];
      if (rule.name.endsWith('without_invalid')) {
        this.print('const _prev_call_invalid = p.call_invalid_rules;');
        this.print('p.call_invalid_rules = false;');
        this.cleanup.push('p.call_invalid_rules = _prev_call_invalid;');
      }
      if (isLoop) this.loopRuleBody(rule, rhs);
      else this.defaultRuleBody(rule, rhs, resultType);
    });
    this.print('}');
  }

  /**
   * The grow-the-seed loop. CPython: c_generator.py _set_up_rule_memoization
   * The seed goes on the parser's seed stack (setSeed), where the raw function's
   * alternatives that start with the rule itself take it (seedCall) instead of reading
   * the memo. (Passing it as arguments would enlarge every raw frame: the JavaScript
   * stack would then overflow before MAXSTACK nested rules.) The memo entry, which
   * later calls at this position read, is inserted once and set in place (CPython's
   * update_memo calls search the token's chain each time); some rules have none.
   */
  private printMemoizationWrapper(rule: Rule, resultType: string, exported: string): void {
    const type = `${rule.name}_type`;
    const memoized = this.memoTypes.has(rule.name);
    this.print(`${exported}function ${rule.name}_rule(p: _Parser): ${resultType} | undefined {`);
    this.indent(() => {
      this.print('if (p.level++ === _ParserLimit.MAXSTACK) _stackOverflow(p);');
      if (memoized) {
        this.print(`if (_isMemoized(p, ${type})) {`);
        this.indent(() => {
          this.print('p.level--;');
          this.print(`return p.memo_result as ${resultType} | undefined;`);
        });
        this.print('}');
      }
      this.print(`let _res: ${resultType} | undefined = undefined;`);
      this.print('const _mark = p.mark;');
      this.print('let _resmark = p.mark;');
      if (memoized) this.print(`const _memo = _insertMemo(p, _mark, ${type}, undefined);`);
      this.print('p.lr_depth++;');
      const firstRound = this.seedlessRound(rule);
      if (firstRound !== undefined) {
        this.print(`let _raw: ${resultType} | undefined;`);
        firstRound();
      }
      this.print('for (;;) {');
      this.indent(() => {
        // Each round calls the raw function at its start, or at its end after a seedless first round.
        if (firstRound === undefined) {
          this.print('p.mark = _mark;');
          this.print('_setSeed(p, _res, _resmark);');
          this.print(`const _raw = ${rule.name}_raw(p);`);
        }
        this.print('if (_raw === undefined || p.mark <= _resmark) break;');
        this.print('_resmark = p.mark;');
        this.print('_res = _raw;');
        if (memoized) this.print('_setMemo(p, _memo, _res, _resmark);');
        const stop = this.growthStopCondition(rule);
        if (stop !== undefined) {
          // The next round could only grow the seed through a left-recursive alternative,
          // whose next token is not here.
          this.print('if (p.mark === p.fill) _fillToken(p);');
          this.print(`if (${stop}) break;`);
        }
        if (firstRound !== undefined) {
          this.print('p.mark = _mark;');
          this.print('_setSeed(p, _res, _resmark);');
          this.print(`_raw = ${rule.name}_raw(p);`);
        }
      });
      this.print('}');
      this.print('p.lr_depth--;');
      this.print('p.mark = _resmark;');
      this.print('p.level--;');
      this.print('return _res;');
    });
    this.print('}');
  }

  /**
   * The first round of a leader's loop without calling its raw function, or undefined.
   * With no seed yet, the alternatives that start with the rule fail at once (after the
   * stack check of the call that would read the seed), so a leader whose one other
   * alternative is a rule name (`sum: sum '+' term | sum '-' term | term`) matches that
   * rule. The round keeps the raw function's frame in `p.level`, so MAXSTACK is reached
   * where it was; in the second pass (invalid_ alternatives on) the raw function runs.
   */
  private seedlessRound(rule: Rule): (() => void) | undefined {
    if (this.firstSets === undefined || !rule.directLeftRecursionOnly) return undefined;
    const alts = rule.rhs.alts;
    const isSelf = (alt: Alt) => alt.items[0]?.item instanceof NameLeaf && alt.items[0].item.value === rule.name;
    const others = alts.filter((alt) => !isSelf(alt) && !this.isGuarded(alt));
    const base = others[0];
    if (others.length !== 1 || base === undefined || base.items.length !== 1 || base.action !== undefined) return undefined;
    const item = base.items[0]!.item;
    if (!(item instanceof NameLeaf) || !this.allRules.has(item.value) || alts.indexOf(base) !== alts.length - 1) return undefined;
    const guarded = alts.some((alt) => this.isGuarded(alt));
    const selfFilters = alts.filter(isSelf).map((alt) => this.firstCondition(alt));
    if (selfFilters.length === 0) return undefined;
    const recursionCheck = selfFilters.some((f) => f === undefined) ? 'true' : [...new Set(selfFilters)].map((f) => `(${f})`).join(' || ');
    const baseFilter = this.firstCondition(base) ?? 'true';
    return () => {
      if (guarded) {
        this.print('if (p.call_invalid_rules) {');
        this.indent(() => {
          this.print('_setSeed(p, _res, _resmark);');
          this.print(`_raw = ${rule.name}_raw(p);`);
        });
        this.print('} else {');
      } else this.print('{');
      this.indent(() => {
        this.print(`// ${rule.name}_raw without a seed: its frame, and where it would read the seed`);
        this.print('if (p.level++ === _ParserLimit.MAXSTACK) _stackOverflow(p);');
        this.print('if (p.mark === p.fill) _fillToken(p);');
        this.print('const _tt = p.tokens[_mark]!.type;');
        this.print(`if (${recursionCheck === 'true' ? '' : `(${recursionCheck}) && `}p.level === _ParserLimit.MAXSTACK) _stackOverflow(p);`);
        this.print(`_raw = ${baseFilter === 'true' ? '' : `(${baseFilter}) ? `}${item.value}_rule(p)${baseFilter === 'true' ? '' : ' : undefined'};`);
        this.print('p.level--;');
      });
      this.print('}');
    };
  }

  private get unmemoized(): ReadonlySet<string> {
    return this.options.unmemoized ?? NO_RULES;
  }

  /**
   * Whether a left-recursive rule can do without memo: it must not be reached at its
   * own start position while it runs, but through the seed. So its only left recursion
   * is itself, named first in its alternatives and nowhere else.
   */
  private canUnmemoizeLeader(rule: Rule): boolean {
    if (!rule.leader || !rule.directLeftRecursionOnly) return false;
    const mentions = (node: Item | Rhs): boolean => {
      if (node instanceof NameLeaf) return node.value === rule.name;
      if (node instanceof StringLeaf || node instanceof Cut) return false;
      if (node instanceof Rhs) return node.alts.some((alt) => alt.items.some((item) => mentions(item.item)));
      if (node instanceof Group) return mentions(node.rhs);
      if (node instanceof Gather) return mentions(node.separator) || mentions(node.node);
      return mentions(node.node);
    };
    return rule.rhs.alts.every((alt) =>
      alt.items.every((item, i) => (i === 0 && item.item instanceof NameLeaf) || !mentions(item.item)));
  }

  private usesExtra(rhs: Rhs): boolean {
    return rhs.alts.some((alt) => alt.action !== undefined && alt.action.includes('EXTRA'));
  }

  /**
   * CPython: c_generator.py _set_up_token_start_metadata_extraction. The start position
   * is read from `p.tokens[_mark]` where EXTRA is used (one variable fewer per frame:
   * small frames let deep nesting fit in the JavaScript stack); a loop moves `_mark`, so
   * loops keep CPython's variables.
   */
  private printExtraStart(isLoop: boolean): void {
    this.print('if (p.mark === p.fill) _fillToken(p);');
    if (isLoop) {
      this.print('const _start_lineno = p.tokens[_mark]!.lineno;');
      this.print('const _start_col_offset = p.tokens[_mark]!.col_offset;');
    }
    this.print('let _token: _Token;');
  }

  /** The token types of grammar leaves (`NAME`, `','`). */
  private leafTypes(leaves: readonly string[]): number[] {
    return leaves.map((leaf) => {
      const type = this.leafTokenType(leaf.startsWith("'") || leaf.startsWith('"') ? new StringLeaf(leaf) : new NameLeaf(leaf));
      if (type === undefined) throw new GrammarError(`operand shortcut: ${leaf} is not a token`);
      return type;
    }).sort((a, b) => a - b);
  }

  /**
   * Checks that, with a `first` token then a `follow` token, every rule of the chain
   * from `rule` down to `operand` returns the operand: each alternative of a chain rule
   * (invalid_ ones aside) either is one chain rule alone without an action (it passes
   * the operand through), or starts with a chain rule and goes on with items that
   * cannot start with a `follow` token, or starts with something else that cannot
   * start with a `first` token.
   */
  private checkOperandShortcut(shortcut: OperandShortcut): void {
    const first = new Set(this.leafTypes([...shortcut.first, ...shortcut.firstParsedFirst]));
    const follow = new Set(this.leafTypes(shortcut.follow));
    const fail = (why: string): never => {
      throw new GrammarError(`operand shortcut of ${shortcut.rule}: ${why}`);
    };
    const firstSets = this.firstSets ?? fail('needs FIRST sets');
    const chain = new Set<string>([shortcut.rule]);
    const todo = [shortcut.rule];
    while (todo.length > 0) {
      const name = todo.pop()!;
      const rule = this.allRules.get(name) ?? fail(`no rule ${name}`);
      for (const alt of rule.flatten().alts) {
        if (this.isGuarded(alt)) continue;
        const head = alt.items[0]?.item;
        const headRule = head instanceof NameLeaf && this.allRules.has(head.value) ? head.value : undefined;
        if (headRule === undefined) {
          const f = firstSets.alt(alt);
          if (f.any || f.nullable || [...f.tokens].some((t) => first.has(t))) fail(`${name}: ${String(alt)} may take the operand`);
          continue;
        }
        if (headRule !== shortcut.operand && !chain.has(headRule)) {
          chain.add(headRule);
          todo.push(headRule);
        }
        if (alt.items.length === 1) {
          if (alt.action !== undefined) fail(`${name}: ${String(alt)} changes the operand`);
          continue;
        }
        const rest = firstSets.alt(new Alt(alt.items.slice(1)));
        if (rest.any || rest.nullable || [...rest.tokens].some((t) => follow.has(t))) fail(`${name}: ${String(alt)} may go on`);
      }
    }
  }

  /** The shortcut at the start of a rule's body (OperandShortcut). */
  private printOperandShortcut(shortcut: OperandShortcut): void {
    this.checkOperandShortcut(shortcut);
    const first = this.firstTable(this.leafTypes(shortcut.first));
    const parsedFirst = this.firstTable(this.leafTypes(shortcut.firstParsedFirst));
    const follow = this.firstTable(this.leafTypes(shortcut.follow));
    const operand = `${shortcut.operand}_rule(p)`;
    this.print(`// An operand of one token before an ending token is the result (OperandShortcut).`);
    this.print(`if (!p.call_invalid_rules && p.level < _ParserLimit.MAXSTACK - 64) {`);
    this.indent(() => {
      this.print('if (p.mark === p.fill) _fillToken(p);');
      this.print('const _first = p.tokens[_mark]!.type;');
      this.print(`if (${first}[_first] === 1) {`);
      this.indent(() => {
        this.print('if (_mark + 1 === p.fill) _fillToken(p);');
        this.print(`if (${follow}[p.tokens[_mark + 1]!.type] === 1 && (_res = ${operand}) !== undefined) break done;`);
        this.print('p.mark = _mark;');
      });
      this.print(`} else if (${parsedFirst}[_first] === 1) {`);
      this.indent(() => {
        this.print(`if ((_res = ${operand}) !== undefined && p.mark === _mark + 1 && ${follow}[_peekType(p)] === 1) break done;`);
        this.print('p.mark = _mark;');
        this.print('_res = undefined;');
      });
      this.print('}');
    });
    this.print('}');
  }

  /** CPython: c_generator.py _handle_default_rule_body */
  private defaultRuleBody(rule: Rule, rhs: Rhs, resultType: string): void {
    const memoize = this.memoTypes.has(rule.name) && !rule.leftRecursive;
    if (memoize) {
      this.print(`if (_isMemoized(p, ${rule.name}_type)) {`);
      this.indent(() => this.printReturn(`p.memo_result as ${resultType} | undefined`));
      this.print('}');
    }
    this.print('const _mark = p.mark;');
    if (this.usesExtra(rhs)) this.printExtraStart(false);
    // Read the current token's type once when some alternative can be skipped by it;
    // an unguarded alternative would have read that token anyway.
    const filters = rhs.alts.map((alt) => (this.isGuarded(alt) ? undefined : this.firstCondition(alt)));
    const useFilters = filters.some((f) => f !== undefined) && rhs.alts.some((alt) => !this.isGuarded(alt));
    if (useFilters) {
      if (!this.usesExtra(rhs)) this.print('if (p.mark === p.fill) _fillToken(p);');
      this.print('const _tt = p.tokens[_mark]!.type;');
    }
    this.print(`let _res: ${resultType} | undefined = undefined;`);
    const prepared = rhs.alts.map((alt) => this.prepareAlt(alt));
    const hoisted = this.hoistVariables(prepared);
    const fallbacks = prepared.map((alt, i) => {
      const next = prepared[i + 1];
      return next !== undefined && this.isPrefixFallback(alt, next, hoisted) ? next : undefined;
    });
    // pair[i]: alternatives i and i + 1 share their head.
    const pair = prepared.map((alt, i) => (this.options.shareHeads ?? false) && fallbacks[i] === undefined
      && fallbacks[i + 1] === undefined && this.sharesHead(alt, prepared[i + 1]));
    const shared = prepared.map((_, i) => pair[i]! || (i > 0 && pair[i - 1]!));
    if (shared.some((x) => x)) this.print('let _head: any = undefined, _headMark = -1;');
    this.print('done: {');
    this.indent(() => {
      const shortcut = (this.options.operandShortcuts ?? []).find((sc) => sc.rule === rule.name);
      if (shortcut !== undefined) this.printOperandShortcut(shortcut);
      prepared.forEach((alt, i) => {
        const chainStart = shared[i] && !(i > 0 && pair[i - 1]);
        if (chainStart && shared.slice(0, i).some((x) => x)) this.print('_headMark = -1;');
        this.visitAlt(alt, false, rule.isGather(), hoisted, useFilters ? filters[i] : undefined, fallbacks[i], shared[i]);
      });
    });
    this.print('}');
    if (memoize) this.print(`_insertMemo(p, _mark, ${rule.name}_type, _res);`);
    this.printReturn('_res');
  }

  /** CPython: c_generator.py _handle_loop_rule_body */
  private loopRuleBody(rule: Rule, rhs: Rhs): void {
    const isRepeat1 = rule.name.startsWith('_loop1');
    // A repeated item that cannot start with the current token matches nothing: return
    // before the array and the item's call (most loops, `('or' conjunction)+`, end so).
    const first = rhs.alts.length === 1 ? this.firstCondition(rhs.alts[0]!) : undefined;
    if (first !== undefined) {
      this.print('if (p.mark === p.fill) _fillToken(p);');
      this.print('const _tt = p.tokens[p.mark]!.type;');
      this.print(`if (!(${first})) {`);
      this.indent(() => this.printReturn(isRepeat1 ? 'undefined' : '[]'));
      this.print('}');
    }
    this.print('let _mark = p.mark;');
    this.print('const _children: any[] = [];');
    if (this.usesExtra(rhs)) this.printExtraStart(true);
    this.print('let _res: any;');
    const prepared = rhs.alts.map((alt) => this.prepareAlt(alt));
    const hoisted = this.hoistVariables(prepared);
    for (const alt of prepared) this.visitAlt(alt, true, rule.isGather(), hoisted);
    if (isRepeat1) {
      this.print('if (_children.length === 0) {');
      this.indent(() => this.printReturn('undefined'));
      this.print('}');
    }
    this.printReturn('_children');
  }

  /**
   * Whether `next` starts with the same rule call as `alt` and both go on after it
   * (`a=param ',' | a=param &')'`): the second takes the first's match of it, or its
   * failure, instead of parsing it again at the same position (see sharedHeadCondition).
   */
  private sharesHead(alt: PreparedAlt, next: PreparedAlt | undefined): boolean {
    if (next === undefined || alt.calls.length < 2 || next.calls.length < 2) return false;
    if (this.isGuarded(alt.alt) || this.isGuarded(next.alt)) return false;
    const a = alt.calls[0]!;
    const b = next.calls[0]!;
    const plain = (c: FunctionCall) => c.nodeType === NodeType.Rule && c.returnType !== 'boolean' && !c.forceTrue
      && c.func.endsWith('_rule') && c.firstGuard === undefined;
    return plain(a) && plain(b) && renderCall(a) === renderCall(b);
  }

  /**
   * The first item of an alternative sharing its head with its neighbours: the head is
   * parsed by the first of them that gets to it (`_headMark`: -1 not yet, -2 failed, else
   * the mark after it) and taken from `_head` by the others. A rule's result at a position
   * does not depend on what was parsed since (memo entries only save work), so this is
   * the parse the alternative would redo.
   */
  private sharedHeadCondition(c: FunctionCall): string {
    const v = c.assignedVariable;
    const reached = `(_headMark === -1 ? (_headMark = (_head = ${renderCall(c)}) !== undefined ? p.mark : -2)`
      + ` : _headMark >= 0 && (p.mark = _headMark), _headMark >= 0)`;
    return `${reached}${v !== undefined ? ` && (${v} = _head) !== undefined` : ''}  /* ${c.comment ?? ''} (shared) */`;
  }

  /** An alternative that is only tried in the second pass. CPython: c_generator.py visit_Alt */
  private isGuarded(alt: Alt): boolean {
    return alt.items.length === 1 && String(alt.items[0]).startsWith('invalid_');
  }

  /** The calls of an alternative's items, with their (deduplicated) variables. */
  private prepareAlt(alt: Alt): PreparedAlt {
    this.localVariables = [];
    const rule = this.currentRule!;
    const selfCallFirst = rule.leftRecursive && rule.leader && alt.items[0]?.item instanceof NameLeaf && alt.items[0].item.value === rule.name;
    const calls = alt.items.map((item, i) => {
      const c = this.generateCall(item);
      if (i === 0 && selfCallFirst) {
        c.func = `_seedCall<${this.ruleType(rule)}>`;
      }
      c.firstGuard = this.callGuard(item, c, i === 0);
      if (c.assignedVariable !== undefined) c.assignedVariable = this.dedupe(c.assignedVariable);
      return c;
    });
    const vars = this.localVariables;
    // An action never reads the generator's own variables (`_literal`, `_keyword`,
    // `_loop0_3_var`, ...) unless it names them: those are not kept.
    if (alt.action !== undefined) {
      for (const c of calls) {
        const v = c.assignedVariable;
        if (v !== undefined && v.startsWith('_') && c.nodeType !== NodeType.Cut && !new RegExp(`\\b${v}\\b`).test(alt.action)) {
          c.assignedVariable = undefined;
        }
      }
    }
    return { alt, calls, vars };
  }

  private static variableType(c: FunctionCall): string {
    return `${c.assignedVariableType ?? c.returnType} | undefined`;
  }

  /**
   * Declares once, at the top of the rule, each variable that has the same type in
   * every alternative using it: fewer registers make smaller frames, so deeper nesting
   * fits in the JavaScript stack. Returns the hoisted names.
   */
  private hoistVariables(prepared: PreparedAlt[]): Set<string> {
    const types = new Map<string, Set<string>>();
    for (const { calls } of prepared) {
      for (const c of calls) {
        if (c.assignedVariable === undefined || c.nodeType === NodeType.Cut) continue;
        let set = types.get(c.assignedVariable);
        if (set === undefined) types.set(c.assignedVariable, (set = new Set()));
        set.add(TypeScriptParserGenerator.variableType(c));
      }
    }
    const hoisted = new Set<string>();
    for (const [name, set] of types) {
      if (set.size !== 1) continue;
      this.print(`let ${name}: ${[...set][0]};`);
      hoisted.add(name);
    }
    return hoisted;
  }

  /**
   * Whether `next` is `A` alone where `prepared` is `A B` (`inversion ('and' inversion)+
   * | inversion`): when A matches and B fails, B leaves the mark at A's end (a failed
   * match never moves it), where `next` would match A again, from the memo or by
   * parsing it anew. Then `prepared` ends with `next`'s action instead (see visitAlt).
   */
  private isPrefixFallback(prepared: PreparedAlt, next: PreparedAlt, hoisted: Set<string>): boolean {
    const [first, second] = prepared.calls;
    const again = next.calls[0];
    if (prepared.calls.length !== 2 || next.calls.length !== 1 || first === undefined || second === undefined || again === undefined) return false;
    if (this.isGuarded(prepared.alt) || this.isGuarded(next.alt)) return false;
    const same = (c: FunctionCall) => c.nodeType === NodeType.Rule && c.returnType !== 'boolean' && !c.forceTrue && c.func.endsWith('_rule');
    if (!same(first) || !same(again) || renderCall(first) !== renderCall(again) || first.assignedVariable === undefined) return false;
    if (second.nodeType === NodeType.Cut || second.returnType === 'boolean') return false;
    const fallbackVar = again.assignedVariable;
    if (fallbackVar !== undefined && !hoisted.has(fallbackVar) && prepared.calls.some((c) => c.assignedVariable === fallbackVar)) return false;
    return true;
  }

  /** The action of an alternative that matched: sets `_res`. */
  private printAction(alt: Alt, vars: string[], isLoop: boolean, isGather: boolean): void {
    if (alt.action !== undefined && alt.action.includes('EXTRA')) {
      this.print('_token = _getLastNonwhitespaceToken(p);');
    }
    if (alt.action !== undefined) {
      const start = isLoop ? '_start_lineno, _start_col_offset' : 'p.tokens[_mark]!.lineno, p.tokens[_mark]!.col_offset';
      const action = alt.action.replace(/\bEXTRA\b/g, `${start}, _token.end_lineno, _token.end_col_offset`);
      this.print(`_res = ${action};`);
    } else this.printDefaultAction(vars, isGather);
  }

  /** CPython: c_generator.py visit_Alt, handle_alt_normal, handle_alt_loop */
  private visitAlt(
    prepared: PreparedAlt, isLoop: boolean, isGather: boolean, hoisted: Set<string>, filter?: string, fallback?: PreparedAlt,
    sharedHead = false,
  ): void {
    const { alt, calls, vars } = prepared;
    const conditions: string[] = [];
    if (this.isGuarded(alt)) conditions.push('p.call_invalid_rules');
    if (filter !== undefined) conditions.push(filter.includes('||') ? `(${filter})` : filter);
    const head = conditions.length > 0 ? `if (${conditions.join(' && ')}) ` : '';
    this.print(`${head}{ // ${String(alt).replace(/\n/g, ' ')}`);
    this.indent(() => {
      let hasCut = false;
      for (const c of calls) {
        if (c.assignedVariable === undefined) continue;
        if (c.nodeType === NodeType.Cut) {
          this.print(`let ${c.assignedVariable} = false;`);
          hasCut = true;
        } else if (!hoisted.has(c.assignedVariable)) {
          this.print(`let ${c.assignedVariable}: ${TypeScriptParserGenerator.variableType(c)};`);
        }
      }
      if (fallback !== undefined) {
        this.visitAltWithFallback(prepared, fallback, hoisted, isGather);
        return;
      }
      const conds = calls.map((c) => this.condition(c));
      if (sharedHead) conds[0] = this.sharedHeadCondition(calls[0]!);
      if (conds.length === 1) this.print(`${isLoop ? 'while' : 'if'} (${conds[0]}) {`);
      else {
        this.print(`${isLoop ? 'while' : 'if'} (`);
        this.indent(() => conds.forEach((cond, i) => this.print(`${i > 0 ? '&& ' : ''}${cond}`)));
        this.print(') {');
      }
      this.indent(() => {
        this.printAction(alt, vars, isLoop, isGather);
        if (isLoop) {
          this.print('_children.push(_res);');
          this.print('_mark = p.mark;');
        } else this.print('break done;');
      });
      this.print('}');
      this.print('p.mark = _mark;');
      if (hasCut) {
        this.print('if (_cut_var) {');
        this.indent(() => this.printReturn('undefined'));
        this.print('}');
      }
    });
    this.print('}');
  }

  /** `A B` whose failure after A falls back on the next alternative, `A` (isPrefixFallback). */
  private visitAltWithFallback(prepared: PreparedAlt, fallback: PreparedAlt, hoisted: Set<string>, isGather: boolean): void {
    const [first, second] = prepared.calls as [FunctionCall, FunctionCall];
    const again = fallback.calls[0]!;
    if (again.assignedVariable !== undefined && !hoisted.has(again.assignedVariable)) {
      this.print(`let ${again.assignedVariable}: ${TypeScriptParserGenerator.variableType(again)};`);
    }
    this.print(`if (${this.condition(first)}) {`);
    this.indent(() => {
      this.print(`if (${this.condition(second)}) {`);
      this.indent(() => {
        this.printAction(prepared.alt, prepared.vars, false, isGather);
        this.print('break done;');
      });
      this.print('}');
      this.print(`// ${String(fallback.alt).replace(/\n/g, ' ')} (the next alternative) matches here`);
      if (again.assignedVariable !== undefined) this.print(`${again.assignedVariable} = ${first.assignedVariable};`);
      this.printAction(fallback.alt, fallback.vars, false, isGather);
      this.print('break done;');
    });
    this.print('}');
    this.print('p.mark = _mark;');
  }

  /** CPython: c_generator.py emit_default_action */
  private printDefaultAction(vars: string[], isGather: boolean): void {
    if (vars.length > 1) {
      if (isGather) {
        this.print(`${vars[1]}.unshift(${vars[0]});`);
        this.print(`_res = ${vars[1]};`);
      } else this.print('_res = _dummyName(p);');
    } else if (vars.length === 1) this.print(`_res = ${vars[0]};`);
    else this.print('_res = _dummyName(p);');
  }

  /** One item as a condition of the alternative. CPython: FunctionCall.__str__ */
  private condition(c: FunctionCall): string {
    const comment = c.comment !== undefined ? `  /* ${c.comment.replace(/\*\//g, '* /')} */` : '';
    if (c.nodeType === NodeType.Cut) return `(_cut_var = true)`;
    const rendered = renderCall(c);
    if (c.assignedVariable === undefined) {
      if (c.returnType === 'boolean') return `${rendered}${comment}`; // a lookahead
      return c.forceTrue ? `(${rendered}, true)${comment}` : `${rendered} !== undefined${comment}`;
    }
    const value = c.assignedVariableType !== undefined ? `${rendered} as ${c.assignedVariableType}` : rendered;
    if (c.forceTrue && c.firstGuard !== undefined) return `((${c.assignedVariable} = ${c.firstGuard} ? ${value} : undefined), true)${comment}`;
    if (c.forceTrue) return `((${c.assignedVariable} = ${value}), true)${comment}`;
    const guard = c.firstGuard !== undefined ? `${c.firstGuard} && ` : '';
    return `${guard}(${c.assignedVariable} = ${value}) !== undefined${comment}`;
  }
}

export function generateParser(grammar: Grammar, options: GenerateOptions): string {
  return new TypeScriptParserGenerator(grammar, options).generate();
}
