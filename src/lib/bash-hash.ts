// bash's hash_string (FNV-1 over the bytes, each byte a C `char`): the order of bash's hash
// tables (assoc arrays, `hash`, `complete`) is bucket order, so listings that must match
// bash's are sorted by it.

/** FNV-1 of the UTF-8 bytes; bytes >= 0x80 are sign-extended, as C's signed char is. */
export function bashHash(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) {
    let c = key.charCodeAt(i);
    if (c < 0x80) {
      h = (Math.imul(h, 16777619) ^ c) >>> 0;
      continue;
    }
    const bytes = Buffer.from(key.slice(i, i + (c >= 0xd800 && c < 0xdc00 ? 2 : 1)), 'utf8');
    if (c >= 0xd800 && c < 0xdc00) i++;
    for (const b of bytes) {
      c = b | 0xffffff00;
      h = (Math.imul(h, 16777619) ^ c) >>> 0;
    }
  }
  return h;
}

/**
 * Keys in the order bash walks a table of `buckets` buckets: by bucket, and within one the
 * newest first (bash inserts at the head). `keys` is oldest first.
 */
export function bucketOrder(keys: readonly string[], buckets: number): string[] {
  const mask = buckets - 1;
  return keys
    .map((k, i) => ({ k, i, b: bashHash(k) & mask }))
    .sort((x, y) => x.b - y.b || y.i - x.i)
    .map((e) => e.k);
}
