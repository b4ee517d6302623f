// The shell's variables by name (see VarMap); VarStore keeps one per scope chain.
import type { Variable } from './vars.js';

/**
 * The variables by name: a Map's interface over a dictionary object. Why not a Map: a
 * function's locals are added and deleted on every call, and V8's Map pays for a delete
 * followed by an insert in proportion to its size (100-odd shell variables: 200 ns a call);
 * a dictionary-mode object does it in constant time.
 */
export class VarMap {
  private o: Record<string, Variable> = Object.create(null) as Record<string, Variable>;
  private n = 0;

  get(name: string): Variable | undefined {
    return this.o[name];
  }

  has(name: string): boolean {
    return this.o[name] !== undefined;
  }

  set(name: string, v: Variable): this {
    if (this.o[name] === undefined) this.n++;
    this.o[name] = v;
    return this;
  }

  delete(name: string): boolean {
    if (this.o[name] === undefined) return false;
    delete this.o[name];
    this.n--;
    return true;
  }

  get size(): number {
    return this.n;
  }

  keys(): IterableIterator<string> {
    return Object.keys(this.o)[Symbol.iterator]();
  }

  *[Symbol.iterator](): IterableIterator<[string, Variable]> {
    for (const k of Object.keys(this.o)) yield [k, this.o[k]!];
  }
}
