// Grammar analysis: nullable items, the left-invocation graph, left-recursive rules
// and their leaders.
// CPython: Tools/peg_generator/pegen/parser_generator.py (NullableVisitor,
// InitialNamesVisitor, compute_left_recursives, make_first_graph) and sccutils.py.
//
// pegen's visitors dispatch on class names; `visit_LookAhead` never matches the
// classes PositiveLookahead/NegativeLookahead, so lookaheads fall to the generic
// visitor: they are not nullable and their names count as initial names. This is
// reproduced so that the same rules come out left-recursive as in CPython.

import {
  Alt, Cut, Forced, Gather, Group, NameLeaf, NamedItem, NegativeLookahead, Opt, PositiveLookahead,
  Repeat0, Repeat1, Rhs, Rule, StringLeaf, type Item,
} from './grammar.js';

type Node = Rule | Rhs | Alt | NamedItem | Item;

/** CPython: parser_generator.py NullableVisitor / compute_nullables */
export function computeNullables(rules: Map<string, Rule>): Set<object> {
  const visited = new Set<Rule>();
  const nullables = new Set<object>();
  const visit = (node: Node): boolean => {
    if (node instanceof Rule) {
      if (visited.has(node)) return false;
      visited.add(node);
      if (visit(node.rhs)) nullables.add(node);
      return nullables.has(node);
    }
    if (node instanceof Rhs) {
      for (const alt of node.alts) if (visit(alt)) return true;
      return false;
    }
    if (node instanceof Alt) {
      for (const item of node.items) if (!visit(item)) return false;
      return true;
    }
    if (node instanceof NamedItem) {
      if (visit(node.item)) nullables.add(node);
      return nullables.has(node);
    }
    if (node instanceof Forced || node instanceof Opt || node instanceof Repeat0) return true;
    if (node instanceof Repeat1 || node instanceof Gather || node instanceof Cut) return false;
    if (node instanceof Group) return visit(node.rhs);
    if (node instanceof NameLeaf) {
      const rule = rules.get(node.value);
      return rule !== undefined ? visit(rule) : false;
    }
    if (node instanceof StringLeaf) return false;
    // Lookaheads: pegen's generic visit (children visited, result falsy).
    visit(node.node);
    return false;
  };
  for (const rule of rules.values()) visit(rule);
  return nullables;
}

/** CPython: parser_generator.py InitialNamesVisitor */
function initialNames(node: Node, nullables: Set<object>): Set<string> {
  const names = new Set<string>();
  const visit = (n: Node): void => {
    if (n instanceof Rule) visit(n.rhs);
    else if (n instanceof Rhs) for (const alt of n.alts) visit(alt);
    else if (n instanceof Alt) {
      for (const item of n.items) {
        visit(item);
        if (!nullables.has(item)) break;
      }
    } else if (n instanceof NamedItem) visit(n.item);
    else if (n instanceof NameLeaf) names.add(n.value);
    else if (n instanceof Gather) {
      visit(n.separator);
      visit(n.node);
    } else if (n instanceof Group) visit(n.rhs);
    else if (n instanceof Opt || n instanceof Repeat0 || n instanceof Repeat1) visit(n.node);
    else if (n instanceof PositiveLookahead || n instanceof NegativeLookahead) visit(n.node);
    // Forced, Cut, StringLeaf: no names.
  };
  visit(node);
  return names;
}

/** The graph of left-invocations. CPython: parser_generator.py make_first_graph */
export function makeFirstGraph(rules: Map<string, Rule>): Map<string, Set<string>> {
  const nullables = computeNullables(rules);
  const graph = new Map<string, Set<string>>();
  const vertices = new Set<string>();
  for (const [name, rule] of rules) {
    const names = initialNames(rule, nullables);
    graph.set(name, names);
    for (const v of names) vertices.add(v);
  }
  for (const v of vertices) if (!graph.has(v)) graph.set(v, new Set());
  return graph;
}

/** Tarjan's algorithm. CPython: pegen/sccutils.py strongly_connected_components */
export function stronglyConnectedComponents(graph: Map<string, Set<string>>): Set<string>[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const result: Set<string>[] = [];
  let counter = 0;
  const dfs = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        dfs(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const scc = new Set<string>();
      for (;;) {
        const w = stack.pop()!;
        onStack.delete(w);
        scc.add(w);
        if (w === v) break;
      }
      result.push(scc);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) dfs(v);
  return result;
}

/** Paths from `start` that close a cycle inside `scc`. CPython: pegen/sccutils.py find_cycles_in_scc */
function* findCyclesInScc(graph: Map<string, Set<string>>, scc: Set<string>, start: string): Generator<string[]> {
  const sub = new Map<string, string[]>();
  for (const [src, dsts] of graph) if (scc.has(src)) sub.set(src, [...dsts].filter((d) => scc.has(d)));
  function* dfs(node: string, path: string[]): Generator<string[]> {
    if (path.includes(node)) {
      yield [...path, node];
      return;
    }
    const next = [...path, node];
    for (const child of sub.get(node)!) yield* dfs(child, next);
  }
  yield* dfs(start, []);
}

/** Marks left-recursive rules and picks each cycle's leader. CPython: compute_left_recursives */
export function computeLeftRecursives(rules: Map<string, Rule>): void {
  const graph = makeFirstGraph(rules);
  for (const scc of stronglyConnectedComponents(graph)) {
    if (scc.size > 1) {
      for (const name of scc) rules.get(name)!.leftRecursive = true;
      const leaders = new Set(scc);
      for (const start of scc) {
        for (const cycle of findCyclesInScc(graph, scc, start)) {
          const inCycle = new Set(cycle);
          for (const name of scc) if (!inCycle.has(name)) leaders.delete(name);
          if (leaders.size === 0) {
            throw new Error(`SCC {${[...scc].join(', ')}} has no leadership candidate (no element is included in all cycles)`);
          }
        }
      }
      const leader = [...leaders].sort()[0]!;
      rules.get(leader)!.leader = true;
    } else {
      const name = [...scc][0]!;
      if (graph.get(name)!.has(name)) {
        const rule = rules.get(name)!;
        rule.leftRecursive = true;
        rule.leader = true;
        rule.directLeftRecursionOnly = true;
      }
    }
  }
}
