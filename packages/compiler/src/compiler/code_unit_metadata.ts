// What the compiler knows about one code unit besides its instructions: the name
// tables that opargs index and the argument counts. Codegen fills it; the flowgraph
// optimizer and the assembler read it.
// CPython: Include/internal/pycore_compile.h _PyCompile_CodeUnitMetadata
import { constantKey, type MarshalValue } from '@tspy/bytecode';

/** An insertion-ordered table of constants, deduplicated by CPython's constant key.
 *  CPython keeps a dict `key -> index` (u_consts) and lists its keys in order. */
export class ConstTable {
  // Strings and ints (most constants) key by themselves: no key string to build.
  // A str never equals an int, and an int's representation is canonical (DESIGN §3).
  private readonly indexByStr = new Map<string, number>();
  private readonly indexByInt = new Map<number | bigint, number>();
  private readonly indexByKey = new Map<string, number>();
  readonly values: MarshalValue[] = [];

  /** The index of `value`, adding it at the end if it is new (CPython: compile.c _PyCompile_AddConst). */
  add(value: MarshalValue): number {
    switch (typeof value) {
      case 'string':
        return this.addKeyed(this.indexByStr, value, value);
      case 'number':
      case 'bigint':
        return this.addKeyed(this.indexByInt, value, value);
      default:
        return this.addKeyed(this.indexByKey, constantKey(value), value);
    }
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

/** An insertion-ordered `name -> index` table (CPython's u_names / u_varnames / … dicts). */
export class NameTable {
  private readonly indexByName = new Map<string, number>();

  constructor(names: Iterable<string> = []) {
    for (const name of names) this.add(name);
  }

  add(name: string): number {
    let index = this.indexByName.get(name);
    if (index === undefined) {
      index = this.indexByName.size;
      this.indexByName.set(name, index);
    }
    return index;
  }

  get(name: string): number | undefined {
    return this.indexByName.get(name);
  }

  has(name: string): boolean {
    return this.indexByName.has(name);
  }

  get size(): number {
    return this.indexByName.size;
  }

  /** Names in index order. */
  names(): string[] {
    return [...this.indexByName.keys()];
  }
}

export interface CodeUnitMetadata {
  name: string;
  /** Dot-separated qualified name. */
  qualname: string | null;
  consts: ConstTable;
  names: NameTable;
  varnames: NameTable;
  cellvars: NameTable;
  freevars: NameTable;
  /** Names that are fast locals only while an inlined comprehension runs; `true` = currently fast. */
  fasthidden: Map<string, boolean>;
  argcount: number;
  posonlyargcount: number;
  kwonlyargcount: number;
  firstlineno: number;
}
