// Array values of shell variables. Indexed arrays are sparse (bash keeps only the set
// elements, in index order); associative arrays iterate in bash's own hash-table order,
// because `${!m[@]}` and `declare -p m` print in that order and scripts depend on it.
import { bashHash } from './bash-hash.js';

/**
 * An indexed array: dense JS storage while the indices are compact (the common case: `a+=(x)`,
 * `a[i]=v` in a loop), a map with a sorted key cache when they are not (`a[1000000]=x`).
 */
export class IndexedArray {
  /** Dense storage (holes are unset elements); null in sparse mode. */
  private dense: Array<string | undefined> | null = [];
  private count = 0;
  private sparse: Map<number, string> | null = null;
  private sortedKeys: number[] | null = null;

  static from(values: readonly string[]): IndexedArray {
    const a = new IndexedArray();
    a.dense = values.slice();
    a.count = values.length;
    return a;
  }

  get size(): number {
    return this.count;
  }

  get(i: number): string | undefined {
    return this.dense ? this.dense[i] : this.sparse!.get(i);
  }

  has(i: number): boolean {
    return this.get(i) !== undefined;
  }

  set(i: number, v: string): void {
    const d = this.dense;
    if (d) {
      // Far beyond the end of a small array: switch to a map rather than allocate holes.
      if (i <= d.length + 4096 || i <= 4 * this.count) {
        if (d[i] === undefined) this.count++;
        d[i] = v;
        return;
      }
      this.toSparse();
    }
    const m = this.sparse!;
    if (!m.has(i)) {
      this.count++;
      this.sortedKeys = null;
    }
    m.set(i, v);
  }

  delete(i: number): boolean {
    const d = this.dense;
    if (d) {
      if (d[i] === undefined) return false;
      if (i === d.length - 1) {
        d.length--;
        while (d.length && d[d.length - 1] === undefined) d.length--;
      } else delete d[i];
      this.count--;
      return true;
    }
    if (!this.sparse!.delete(i)) return false;
    this.count--;
    this.sortedKeys = null;
    return true;
  }

  clear(): void {
    this.dense = [];
    this.sparse = null;
    this.sortedKeys = null;
    this.count = 0;
  }

  /** The highest set index, or -1 when empty (`${a[-1]}` counts back from here + 1). */
  maxIndex(): number {
    if (this.dense) return this.dense.length - 1;
    const k = this.keys();
    return k.length ? k[k.length - 1]! : -1;
  }

  /** Appends after the highest index (`a+=(x)`). */
  push(v: string): void {
    this.set(this.maxIndex() + 1, v);
  }

  keys(): number[] {
    const d = this.dense;
    if (d) {
      const out: number[] = [];
      for (let i = 0; i < d.length; i++) if (d[i] !== undefined) out.push(i);
      return out;
    }
    this.sortedKeys ??= [...this.sparse!.keys()].sort((a, b) => a - b);
    return this.sortedKeys;
  }

  values(): string[] {
    const d = this.dense;
    if (d) {
      if (d.length === this.count) return d.slice() as string[];
      const out: string[] = [];
      for (let i = 0; i < d.length; i++) if (d[i] !== undefined) out.push(d[i]!);
      return out;
    }
    const m = this.sparse!;
    return this.keys().map((k) => m.get(k)!);
  }

  entries(): Array<[number, string]> {
    return this.keys().map((k) => [k, this.get(k)!]);
  }

  clone(): IndexedArray {
    const a = new IndexedArray();
    a.count = this.count;
    if (this.dense) a.dense = this.dense.slice();
    else {
      a.dense = null;
      a.sparse = new Map(this.sparse!);
    }
    return a;
  }

  private toSparse(): void {
    const m = new Map<number, string>();
    const d = this.dense!;
    for (let i = 0; i < d.length; i++) if (d[i] !== undefined) m.set(i, d[i]!);
    this.dense = null;
    this.sparse = m;
    this.sortedKeys = null;
  }
}

const ASSOC_BUCKETS = 1024;

/**
 * An associative array. Lookups use a Map; iteration follows bash's hash table: buckets
 * in index order, newest first within a bucket, growing x4 when entries reach 2x buckets.
 */
export class AssocArray {
  private readonly m = new Map<string, string>();
  /** Chains with the head at the end (so a prepend is a push). */
  private buckets: Array<string[] | undefined>;
  private nb: number;

  /** `buckets`: a power of two; bash's other tables start smaller (aliases 64, `hash` 256). */
  constructor(private readonly initial = ASSOC_BUCKETS) {
    this.buckets = new Array(initial);
    this.nb = initial;
  }

  /** The table's current size (it grows x4 as entries are added). */
  get bucketCount(): number {
    return this.nb;
  }

  get size(): number {
    return this.m.size;
  }

  get(k: string): string | undefined {
    return this.m.get(k);
  }

  has(k: string): boolean {
    return this.m.has(k);
  }

  set(k: string, v: string): void {
    if (!this.m.has(k)) {
      if (this.m.size >= this.nb * 2) this.rehash(this.nb * 4);
      const b = bashHash(k) & (this.nb - 1);
      (this.buckets[b] ??= []).push(k);
    }
    this.m.set(k, v);
  }

  delete(k: string): boolean {
    if (!this.m.delete(k)) return false;
    const chain = this.buckets[bashHash(k) & (this.nb - 1)]!;
    chain.splice(chain.lastIndexOf(k), 1);
    return true;
  }

  clear(): void {
    this.m.clear();
    this.buckets = new Array(this.initial);
    this.nb = this.initial;
  }

  keys(): string[] {
    const out: string[] = [];
    if (this.m.size === 0) return out;
    for (let b = 0; b < this.nb; b++) {
      const chain = this.buckets[b];
      if (chain) for (let j = chain.length - 1; j >= 0; j--) out.push(chain[j]!);
    }
    return out;
  }

  values(): string[] {
    return this.keys().map((k) => this.m.get(k)!);
  }

  entries(): Array<[string, string]> {
    return this.keys().map((k) => [k, this.m.get(k)!]);
  }

  clone(): AssocArray {
    const a = new AssocArray(this.initial);
    a.nb = this.nb;
    a.buckets = this.buckets.map((c) => (c ? c.slice() : undefined));
    for (const [k, v] of this.m) a.m.set(k, v);
    return a;
  }

  private rehash(nsize: number): void {
    const old = this.buckets;
    this.buckets = new Array(nsize);
    this.nb = nsize;
    for (let j = 0; j < old.length; j++) {
      const chain = old[j];
      if (!chain) continue;
      // Walk the old chain head first; each item becomes the head of its new chain.
      for (let x = chain.length - 1; x >= 0; x--) {
        const k = chain[x]!;
        (this.buckets[bashHash(k) & (nsize - 1)] ??= []).push(k);
      }
    }
  }
}
