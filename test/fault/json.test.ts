// The bounded-JSON helpers the syscall server's fault boundary rests on (syscalls/json.ts):
// the depth scan must agree with a real parse, and a field taken as sent must decode to what
// JSON.parse gives for it — for any JSON, including escapes, repeated keys and whitespace.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonDepth, rawField } from '../../src/kernel/syscalls/json.js';

const seed = Number(process.env.FUZZ_SEED ?? 12);

function depthOf(v: unknown): number {
  // Iterative, so the reference itself cannot overflow.
  let max = 0;
  const stack: [unknown, number][] = [[v, 1]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    max = Math.max(max, d);
    for (const y of Array.isArray(x) ? x : Object.values(x)) stack.push([y, d + 1]);
  }
  return max;
}

const anyJson = fc.jsonValue({ maxDepth: 8 });
const tricky = fc.string({ unit: fc.constantFrom('a', '"', '\\', '[', '{', '}', ']', ',', ':', ' ', '\n', 'é', '\u2028') });

describe('jsonDepth', () => {
  it('is -1 exactly when the parsed value nests deeper than the limit', () => {
    fc.assert(
      fc.property(anyJson, fc.integer({ min: 1, max: 10 }), fc.boolean(), (v, limit, pretty) => {
        const text = Buffer.from(JSON.stringify(v, null, pretty ? 2 : 0));
        const d = depthOf(v);
        const got = jsonDepth(text, limit);
        if (d > limit) expect(got).toBe(-1);
        else expect(got).toBeGreaterThanOrEqual(d); // the fast path may give an upper bound
      }),
      { seed, numRuns: 300 },
    );
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    fc.assert(
      fc.property(tricky, (s) => {
        const text = Buffer.from(JSON.stringify({ s: [s], t: s }));
        expect(jsonDepth(text, 2)).toBe(2);
      }),
      { seed, numRuns: 300 },
    );
  });

  it('refuses 100,000 levels without recursion', () => {
    expect(jsonDepth(Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)), 64)).toBe(-1);
    expect(jsonDepth(Buffer.from('['.repeat(64) + ']'.repeat(64)), 64)).toBe(64);
  });
});

describe('rawField', () => {
  it('decodes to what JSON.parse gives for the field, for any object text', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(fc.string(), tricky), anyJson), fc.oneof(fc.string(), tricky), fc.boolean(), (obj, key, pretty) => {
        const text = Buffer.from(JSON.stringify({ ...obj, [key]: obj[key] ?? [key] }, null, pretty ? 1 : 0));
        const parsed = JSON.parse(text.toString()) as Record<string, unknown>;
        const raw = rawField(text, key);
        expect(raw).toBeDefined();
        expect(JSON.parse(raw!.toString())).toEqual(parsed[key]);
      }),
      { seed, numRuns: 300 },
    );
  });

  it('takes the last of repeated keys (as JSON.parse does) and keeps numbers as written', () => {
    const text = Buffer.from('{"m": 1, "x": {"m": 2}, "m" : [12.0, 18446744073709551615] }');
    expect(rawField(text, 'm')!.toString()).toBe('[12.0, 18446744073709551615]');
    expect(rawField(text, 'nope')).toBeUndefined();
  });

  it('gives undefined for invalid UTF-8, so the caller re-encodes (lossy, spec Q22)', () => {
    const text = Buffer.concat([Buffer.from('{"m":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    expect(rawField(text, 'm')).toBeUndefined();
  });
});
