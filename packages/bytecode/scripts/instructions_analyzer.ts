// Analysis of the instruction definitions: instructions made of uops and cache skips,
// families, pseudo instructions, properties, opcode numbers and stack effects.
// CPython: Tools/cases_generator/analyzer.py and stack.py (3.14).
import {
  isCacheEffect, type CacheEffectItem, type Definition, type FamilyDef, type InstDef, type MacroDef,
  type PseudoDef, type StackEffectItem,
} from './instructions_parser.js';

export class AnalysisError extends Error {}

// CPython: analyzer.py Properties
export interface Properties {
  oparg: boolean;
  usesCoConsts: boolean;
  usesCoNames: boolean;
  jumps: boolean;
  hasFree: boolean;
  usesLocals: boolean;
  evalBreaker: boolean;
  deopts: boolean;
  sideExit: boolean;
  errorWithPop: boolean;
  errorWithoutPop: boolean;
  escapes: boolean;
  pure: boolean;
  noSaveIp: boolean;
  needsThis: boolean;
  storesSp: boolean;
  alwaysExits: boolean;
}

const SKIP_PROPERTIES: Properties = {
  oparg: false, usesCoConsts: false, usesCoNames: false, jumps: false, hasFree: false,
  usesLocals: false, evalBreaker: false, deopts: false, sideExit: false, errorWithPop: false,
  errorWithoutPop: false, escapes: false, pure: true, noSaveIp: true, needsThis: false,
  storesSp: false, alwaysExits: false,
};

// CPython: analyzer.py Properties.from_list
function propertiesFromList(list: Properties[]): Properties {
  const any = (k: keyof Properties): boolean => list.some((p) => p[k]);
  return {
    oparg: any('oparg'), usesCoConsts: any('usesCoConsts'), usesCoNames: any('usesCoNames'),
    jumps: any('jumps'), hasFree: any('hasFree'), usesLocals: any('usesLocals'),
    evalBreaker: any('evalBreaker'), deopts: any('deopts'), sideExit: any('sideExit'),
    errorWithPop: any('errorWithPop'), errorWithoutPop: any('errorWithoutPop'), escapes: any('escapes'),
    pure: list.every((p) => p.pure), noSaveIp: list.every((p) => p.noSaveIp), needsThis: any('needsThis'),
    storesSp: any('storesSp'), alwaysExits: any('alwaysExits'),
  };
}

const BODY_WORDS = new Set([
  'oparg', 'consts', 'names', 'jumps', 'free', 'locals', 'deopt', 'exit', 'error', 'error_no_pop',
  'escapes', 'this_instr', 'sync_sp', 'exits',
]);

// CPython: analyzer.py compute_properties (from the body's property words instead of C tokens)
function computeProperties(def: InstDef): Properties {
  const words = new Set(def.body);
  for (const w of words) {
    if (!BODY_WORDS.has(w)) throw new AnalysisError(`${def.name}: unknown body word '${w}'`);
  }
  if (words.has('deopt') && words.has('exit')) throw new AnalysisError(`${def.name}: cannot both DEOPT_IF and EXIT_IF`);
  const hasFree = words.has('free');
  return {
    oparg: words.has('oparg') || /\boparg\b/.test(def.signatureText),
    usesCoConsts: words.has('consts'),
    usesCoNames: words.has('names'),
    jumps: words.has('jumps'),
    hasFree,
    usesLocals: words.has('locals') && !hasFree,
    evalBreaker: def.name.includes('CHECK_PERIODIC'),
    deopts: words.has('deopt'),
    sideExit: words.has('exit'),
    errorWithPop: words.has('error'),
    errorWithoutPop: words.has('error_no_pop'),
    escapes: words.has('escapes'),
    pure: def.annotations.includes('pure'),
    noSaveIp: def.annotations.includes('no_save_ip'),
    needsThis: words.has('this_instr'),
    storesSp: words.has('sync_sp'),
    alwaysExits: words.has('exits'),
  };
}

export interface StackEffect {
  inputs: StackEffectItem[];
  outputs: StackEffectItem[];
}

export interface Uop {
  kind: 'uop';
  name: string;
  annotations: string[];
  stack: StackEffect;
  caches: CacheEffectItem[];
  properties: Properties;
  /** Cache units read by the uop. */
  size: number;
}

export interface Skip { kind: 'skip'; size: number }
export interface Flush { kind: 'flush'; size: 0 }
export type Part = Uop | Skip | Flush;

export interface Instruction {
  name: string;
  parts: Part[];
  properties: Properties;
  family: Family | null;
  opcode: number;
  /** Code units including the instruction itself: 1 + its inline cache entries. */
  size: number;
}

export interface Family { name: string; size: string; members: Instruction[] }

export interface PseudoInstruction {
  name: string;
  stack: StackEffect;
  targets: Instruction[];
  flags: string[];
  asSequence: boolean;
  properties: Properties;
  opcode: number;
}

export interface Analysis {
  instructions: Map<string, Instruction>;
  uops: Map<string, Uop>;
  families: Map<string, Family>;
  pseudos: Map<string, PseudoInstruction>;
  opmap: Map<string, number>;
  haveArg: number;
  minInstrumented: number;
  cacheFormats: Map<string, CacheEffectItem[]>;
}

function makeUop(name: string, def: InstDef, inputs: (StackEffectItem | CacheEffectItem)[]): Uop {
  const caches = inputs.filter(isCacheEffect);
  return {
    kind: 'uop', name, annotations: def.annotations,
    stack: { inputs: def.inputs.filter((i): i is StackEffectItem => !isCacheEffect(i)), outputs: def.outputs },
    caches, properties: computeProperties(def), size: caches.reduce((n, c) => n + c.size, 0),
  };
}

function makeInstruction(name: string, parts: Part[]): Instruction {
  const properties = propertiesFromList(parts.map((p) => (p.kind === 'uop' ? p.properties : SKIP_PROPERTIES)));
  const size = 1 + parts.reduce((n, p) => n + p.size, 0);
  return { name, parts, properties, family: null, opcode: -1, size };
}

// CPython: analyzer.py add_op
function addOp(def: InstDef, uops: Map<string, Uop>): void {
  if (uops.has(def.name) && !def.annotations.includes('override')) throw new AnalysisError(`duplicate definition of ${def.name}`);
  uops.set(def.name, makeUop(def.name, def, def.inputs));
}

// CPython: analyzer.py desugar_inst — unused cache entries move to the instruction.
function desugarInst(def: InstDef, instructions: Map<string, Instruction>, uops: Map<string, Uop>): void {
  const opInputs: (StackEffectItem | CacheEffectItem)[] = [];
  const parts: Part[] = [];
  let uopIndex = -1;
  for (const input of def.inputs) {
    if (isCacheEffect(input) && input.name === 'unused') {
      parts.push({ kind: 'skip', size: input.size });
    } else {
      opInputs.push(input);
      if (uopIndex < 0) {
        uopIndex = parts.length;
        parts.push({ kind: 'skip', size: 0 });
      }
    }
  }
  const uop = makeUop(`_${def.name}`, def, opInputs);
  uops.set(def.name, uop);
  if (uopIndex < 0) parts.push(uop);
  else parts[uopIndex] = uop;
  if (instructions.has(def.name)) throw new AnalysisError(`duplicate instruction ${def.name}`);
  instructions.set(def.name, makeInstruction(def.name, parts));
}

// CPython: analyzer.py add_macro
function addMacro(def: MacroDef, instructions: Map<string, Instruction>, uops: Map<string, Uop>): void {
  const parts: Part[] = def.parts.map((part): Part => {
    if (part.kind === 'cache') return { kind: 'skip', size: part.size };
    if (part.name === 'flush') return { kind: 'flush', size: 0 };
    const uop = uops.get(part.name);
    if (!uop) throw new AnalysisError(`${def.name}: no uop named ${part.name}`);
    return uop;
  });
  if (instructions.has(def.name)) throw new AnalysisError(`duplicate instruction ${def.name}`);
  instructions.set(def.name, makeInstruction(def.name, parts));
}

function lookup(instructions: Map<string, Instruction>, name: string, where: string): Instruction {
  const inst = instructions.get(name);
  if (!inst) throw new AnalysisError(`${where}: no instruction named ${name}`);
  return inst;
}

// CPython: analyzer.py add_family
function addFamily(def: FamilyDef, instructions: Map<string, Instruction>, families: Map<string, Family>): void {
  const family: Family = { name: def.name, size: def.size, members: def.members.map((m) => lookup(instructions, m, def.name)) };
  for (const member of family.members) member.family = family;
  lookup(instructions, def.name, def.name);
  families.set(def.name, family);
}

// CPython: analyzer.py add_pseudo
function addPseudo(def: PseudoDef, instructions: Map<string, Instruction>, pseudos: Map<string, PseudoInstruction>): void {
  const targets = def.targets.map((t) => lookup(instructions, t, def.name));
  pseudos.set(def.name, {
    name: def.name, stack: { inputs: def.inputs, outputs: def.outputs }, targets, flags: def.flags,
    asSequence: def.asSequence, properties: propertiesFromList(targets.map((t) => t.properties)), opcode: -1,
  });
}

// CPython: analyzer.py assign_opcodes (3.14: RESUME is 128, specialized from 129)
function assignOpcodes(
  instructions: Map<string, Instruction>, families: Map<string, Family>, pseudos: Map<string, PseudoInstruction>,
): { opmap: Map<string, number>; haveArg: number; minInstrumented: number } {
  const instmap = new Map<string, number>([
    ['CACHE', 0], // 0 is reserved for cache entries; this helps debugging.
    ['RESERVED', 17], // 17 is the initial value of the specializing counter: catches executing a cache.
    ['RESUME', 128], // hard-coded as such in Tools/build/deepfreeze.py
    ['BINARY_OP_INPLACE_ADD_UNICODE', 3], // an historical oddity
    ['INSTRUMENTED_LINE', 254],
    ['ENTER_EXECUTOR', 255],
  ]);
  const instrumented = [...instructions.keys()].filter((n) => n.startsWith('INSTRUMENTED'));
  const specialized = new Set<string>();
  for (const family of families.values()) for (const m of family.members) specialized.add(m.name);
  const noArg: string[] = [];
  const hasArg: string[] = [];
  for (const inst of instructions.values()) {
    if (specialized.has(inst.name) || instrumented.includes(inst.name)) continue;
    (inst.properties.oparg ? hasArg : noArg).push(inst.name);
  }
  const minInternal = instmap.get('RESUME')! + 1;
  const minInstrumented = 254 - (instrumented.length - 1);
  if (minInternal + specialized.size >= minInstrumented) throw new AnalysisError('too many opcodes');
  const used = new Set(instmap.values());
  let next = 1;
  const add = (name: string): void => {
    if (instmap.has(name)) return;
    while (used.has(next)) next++;
    instmap.set(name, next);
    used.add(next);
    next++;
  };
  for (const name of [...noArg].sort()) add(name);
  for (const name of [...hasArg].sort()) add(name);
  next = minInternal;
  for (const name of [...specialized].sort()) add(name);
  next = minInstrumented;
  for (const name of instrumented) add(name);
  for (const [name, inst] of instructions) inst.opcode = instmap.get(name)!;
  [...pseudos.keys()].sort().forEach((name, i) => {
    instmap.set(name, 256 + i);
    pseudos.get(name)!.opcode = 256 + i;
  });
  return { opmap: instmap, haveArg: noArg.length, minInstrumented };
}

// CPython: analyzer.py analyze_forest
export function analyze(defs: Definition[]): Analysis {
  const instructions = new Map<string, Instruction>();
  const uops = new Map<string, Uop>();
  const families = new Map<string, Family>();
  const pseudos = new Map<string, PseudoInstruction>();
  const cacheFormats = new Map<string, CacheEffectItem[]>();
  for (const def of defs) {
    if (def.kind === 'inst') desugarInst(def, instructions, uops);
    else if (def.kind === 'op') addOp(def, uops);
  }
  for (const def of defs) if (def.kind === 'macro') addMacro(def, instructions, uops);
  for (const def of defs) {
    if (def.kind === 'family') addFamily(def, instructions, families);
    else if (def.kind === 'pseudo') addPseudo(def, instructions, pseudos);
    else if (def.kind === 'cache_format') cacheFormats.set(def.name, def.fields);
  }
  // BINARY_OP_INPLACE_ADD_UNICODE is not a normal family member (it is the wrong size),
  // but keeps an historical optimization.
  const inplace = instructions.get('BINARY_OP_INPLACE_ADD_UNICODE');
  const binaryOp = families.get('BINARY_OP');
  if (inplace && binaryOp) {
    inplace.family = binaryOp;
    binaryOp.members.push(inplace);
  }
  const { opmap, haveArg, minInstrumented } = assignOpcodes(instructions, families, pseudos);
  return { instructions, uops, families, pseudos, opmap, haveArg, minInstrumented, cacheFormats };
}

// ---- stack effects (CPython: Tools/cases_generator/stack.py) ----

function varSize(item: StackEffectItem): string {
  return item.size === '' ? '1' : item.size;
}

// CPython: stack.py maybe_parenthesize
function maybeParenthesize(sym: string): string {
  if (sym.startsWith('(') && sym.endsWith(')')) return sym;
  if (/^[\s\w*]+$/.test(sym)) return sym;
  return `(${sym})`;
}

/** A symbolic stack offset: the sizes popped and pushed (CPython: stack.py StackOffset). */
class StackOffset {
  constructor(public popped: string[], public pushed: string[]) {}

  // CPython: stack.py StackOffset.simplify — cancel sizes that are both popped and pushed
  // (a multiset difference, compared as text).
  simplify(): void {
    const pushed = [...this.pushed].sort();
    const popped: string[] = [];
    for (const pop of [...this.popped].sort()) {
      const i = pushed.indexOf(pop);
      if (i >= 0) pushed.splice(i, 1);
      else popped.push(pop);
    }
    this.popped = popped;
    this.pushed = pushed;
  }

  // CPython: stack.py StackOffset.to_c (the expression is valid TypeScript too)
  toExpression(): string {
    this.simplify();
    let intOffset = 0;
    let symbolic = '';
    for (const item of this.popped) {
      if (/^-?\d+$/.test(item)) intOffset -= Number(item);
      else symbolic += ` - ${maybeParenthesize(item)}`;
    }
    for (const item of this.pushed) {
      if (/^-?\d+$/.test(item)) intOffset += Number(item);
      else symbolic += ` + ${maybeParenthesize(item)}`;
    }
    let res = symbolic !== '' && intOffset === 0 ? symbolic : `${intOffset}${symbolic}`;
    if (res.startsWith(' + ')) res = res.slice(3);
    if (res.startsWith(' - ')) res = `-${res.slice(3)}`;
    return res;
  }
}

/** The symbolic number of values an instruction pops and pushes. */
export interface StackEffectExpressions { popped: string; pushed: string }

// CPython: stack.py get_stack_effect + generate_stack_effect_functions (popped = -base_offset,
// pushed = top_offset - base_offset)
export function stackEffectOf(inst: Instruction | PseudoInstruction): StackEffectExpressions {
  const stacks: StackEffect[] = 'parts' in inst
    ? inst.parts.filter((p): p is Uop => p.kind === 'uop').map((u) => u.stack)
    : [inst.stack];
  const variables: StackEffectItem[] = [];
  const top = new StackOffset([], []);
  const basePopped: string[] = [];
  for (const s of stacks) {
    for (let i = s.inputs.length - 1; i >= 0; i--) {
      const v = s.inputs[i]!;
      top.popped.push(varSize(v));
      if (variables.length > 0) {
        const popped = variables.pop()!;
        if ((popped.size !== '') !== (v.size !== '') || popped.size !== v.size) {
          throw new AnalysisError(`${inst.name}: size mismatch popping '${popped.name}' into '${v.name}'`);
        }
      } else {
        basePopped.push(varSize(v));
      }
    }
    for (const v of s.outputs) {
      variables.push(v);
      top.pushed.push(varSize(v));
    }
  }
  const popped = new StackOffset([], [...basePopped]);
  const pushed = new StackOffset([...top.popped], [...top.pushed, ...basePopped]);
  return { popped: popped.toExpression(), pushed: pushed.toExpression() };
}
