// What the compiler knows about one code unit besides its instructions: the name
// tables that opargs index and the argument counts. Codegen fills it; the flowgraph
// optimizer and the assembler read it.
// CPython: Include/internal/pycore_compile.h _PyCompile_CodeUnitMetadata
import { CodeObject, constantKey, Ellipsis, None, type MarshalValue } from '@tspy/bytecode';

/** An insertion-ordered table of constants, deduplicated by CPython's constant key.
 *  CPython keeps a dict `key -> index` (u_consts) and lists its keys in order. */
export class ConstTable {
  // Strings and ints (most constants) key by themselves: no key string to build.
  // A str never equals an int, and an int's representation is canonical (DESIGN §3).
  // None, True, False and Ellipsis have a slot each; a code object keys by identity
  // (constantKey's identity key: mergeCodeConst has already merged equal ones).
  private indexByStr: Map<string, number> | null;
  private indexByInt: Map<number | bigint, number> | null;
  private indexByKey: Map<string, number> | null;
  private indexByCode: Map<CodeObject, number> | null;
  private noneIndex: number;
  private trueIndex: number;
  private falseIndex: number;
  private ellipsisIndex: number;
  readonly values: MarshalValue[];

  constructor() {
    this.indexByStr = null;
    this.indexByInt = null;
    this.indexByKey = null;
    this.indexByCode = null;
    this.noneIndex = -1;
    this.trueIndex = -1;
    this.falseIndex = -1;
    this.ellipsisIndex = -1;
    this.values = [];
  }

  /** The index of `value`, adding it at the end if it is new (CPython: compile.c _PyCompile_AddConst). */
  add(value: MarshalValue): number {
    switch (typeof value) {
      case 'string':
        return this.addKeyed(this.indexByStr ??= new Map(), value, value);
      case 'number':
      case 'bigint':
        return this.addKeyed(this.indexByInt ??= new Map(), value, value);
      case 'boolean':
        if (value) return this.trueIndex >= 0 ? this.trueIndex : (this.trueIndex = this.append(value));
        return this.falseIndex >= 0 ? this.falseIndex : (this.falseIndex = this.append(value));
      default:
        if (value === None) return this.noneIndex >= 0 ? this.noneIndex : (this.noneIndex = this.append(value));
        if (value === Ellipsis) {
          return this.ellipsisIndex >= 0 ? this.ellipsisIndex : (this.ellipsisIndex = this.append(value));
        }
        if (value instanceof CodeObject) return this.addKeyed(this.indexByCode ??= new Map(), value, value);
        return this.addKeyed(this.indexByKey ??= new Map(), constantKey(value), value);
    }
  }

  private append(value: MarshalValue): number {
    const index = this.values.length;
    this.values.push(value);
    return index;
  }

  private addKeyed<K>(table: Map<K, number>, key: K, value: MarshalValue): number {
    let index = table.get(key);
    if (index === undefined) {
      index = this.values.length;
      table.set(key, index);
      this.values.push(value);
    }
    return index;
  }

  get size(): number {
    return this.values.length;
  }
}

/** An insertion-ordered `name -> index` table (CPython's u_names / u_varnames / … dicts).
 *  Its Map is made on the first add: many units leave some of their tables empty. */
export class NameTable {
  private indexByName: Map<string, number> | null;

  constructor(names: Iterable<string> = NO_NAMES) {
    this.indexByName = null;
    for (const name of names) this.add(name);
  }

  add(name: string): number {
    const map = this.indexByName ??= new Map();
    let index = map.get(name);
    if (index === undefined) {
      index = map.size;
      map.set(name, index);
    }
    return index;
  }

  get(name: string): number | undefined {
    return this.indexByName === null ? undefined : this.indexByName.get(name);
  }

  has(name: string): boolean {
    return this.indexByName !== null && this.indexByName.has(name);
  }

  get size(): number {
    return this.indexByName === null ? 0 : this.indexByName.size;
  }

  /** Names in index order. */
  names(): string[] {
    return this.indexByName === null ? [] : [...this.indexByName.keys()];
  }
}

const NO_NAMES: readonly string[] = [];

export interface CodeUnitMetadata {
  name: string;
  /** Dot-separated qualified name. */
  qualname: string | null;
  consts: ConstTable;
  names: NameTable;
  varnames: NameTable;
  cellvars: NameTable;
  freevars: NameTable;
  /** Names that are fast locals only while an inlined comprehension runs; `true` = currently fast.
   *  Null while there is none (most units). */
  fasthidden: Map<string, boolean> | null;
  argcount: number;
  posonlyargcount: number;
  kwonlyargcount: number;
  firstlineno: number;
}
