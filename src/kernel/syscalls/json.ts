// Bounded JSON for the syscall server. Values that clients hand the kernel to keep (SEND and
// BROADCAST messages, STORE values, EMIT data) are checked when they are accepted and kept
// encoded, as the exact bytes that will be answered: an answer that holds them is built by
// concatenation and can never fail to encode, and their memory is exactly what the limits
// count (a parsed 1 MiB `[[],[],…]` would take ten times that in objects).
//
// JSON.parse is iterative in V8, but JSON.stringify (and any recursive walk) overflows the
// stack near 5,000 levels; the depth scan below refuses deep requests before any handler
// parses them, so nothing downstream ever sees a value deeper than limits.jsonDepth.
import { isUtf8 } from 'node:buffer';
import { formatBytes } from '../limits.js';

/**
 * The nesting depth of a JSON text, counting `[`/`{` outside strings, or -1 as soon as it
 * exceeds `limit` (with few brackets: an upper bound of it). A byte scan: no parse, no
 * recursion, about 1 ns per byte.
 */
export function jsonDepth(buf: Buffer, limit: number): number {
  // Fast path: fewer opening brackets in all than the limit cannot nest deeper than it
  // (a 1 MiB string message has two). Buffer.indexOf is native, so this costs little.
  let opens = 0;
  for (const ch of [0x5b, 0x7b]) {
    for (let at = buf.indexOf(ch); at >= 0 && opens <= limit; at = buf.indexOf(ch, at + 1)) opens++;
  }
  if (opens <= limit) return opens;
  let depth = 0;
  let max = 0;
  const n = buf.length;
  for (let i = 0; i < n; i++) {
    const c = buf[i]!;
    if (c === 0x22) {
      i = stringEnd(buf, i) - 1; // skip the string
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return -1;
      if (depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return max;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Index just past the string whose opening quote is at `i`: the next quote not escaped by
 * an odd run of backslashes. Buffer.indexOf is native (memchr), so a 1 MiB string costs
 * microseconds, not a JavaScript loop over every byte.
 */
function stringEnd(b: Buffer, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = b.indexOf(0x22, from);
    if (q < 0) return b.length;
    let k = q - 1;
    while (k > i && b[k] === 0x5c) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** Index just past the JSON value starting at `i` (the text is known to be valid JSON). */
function skipValue(b: Buffer, i: number): number {
  const c = b[i];
  if (c === 0x22) return stringEnd(b, i);
  if (c === 0x5b || c === 0x7b) {
    let depth = 0;
    for (; i < b.length; i++) {
      const d = b[i]!;
      if (d === 0x22) i = skipValue(b, i) - 1;
      else if (d === 0x5b || d === 0x7b) depth++;
      else if ((d === 0x5d || d === 0x7d) && --depth === 0) return i + 1;
    }
    return i;
  }
  // A number or a literal: up to the next delimiter.
  while (i < b.length && b[i] !== 0x2c && b[i] !== 0x7d && b[i] !== 0x5d && !WS.has(b[i]!)) i++;
  return i;
}

/**
 * The bytes of top-level field `key` of a JSON object text that JSON.parse accepted, as the
 * client wrote them (the last one when the key repeats, as JSON.parse takes), or undefined
 * when absent or not valid UTF-8. Keeping a message as sent is ten times cheaper than
 * re-encoding it (JSON.stringify of a 1 MiB string takes ~6 ms) and keeps what REF keeps
 * and JavaScript would lose: `12.0` stays a float for a Python reader, 2^64-1 stays exact.
 */
export function rawField(b: Buffer, key: string): Buffer | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < b.length && WS.has(b[i]!)) i++;
  };
  ws();
  if (b[i] !== 0x7b) return undefined;
  i++;
  let found: Buffer | undefined;
  for (;;) {
    ws();
    if (i >= b.length || b[i] === 0x7d) break;
    const kStart = i;
    i = skipValue(b, i);
    const k = JSON.parse(b.toString('utf8', kStart, i)) as string;
    ws();
    i++; // ':'
    ws();
    const vStart = i;
    i = skipValue(b, i);
    if (k === key) found = b.subarray(vStart, i);
    ws();
    if (b[i] === 0x2c) i++;
  }
  if (!found || !isUtf8(found)) return undefined;
  return Buffer.from(found); // a copy: the payload may be a view of a much larger read
}

/** A value refused at acceptance, with the sentence the client gets. */
export class ValueRefused extends Error {}

/**
 * Encodes a value the kernel will keep and answer later — or takes it `asSent` (rawField)
 * when the client's own bytes are at hand. Throws ValueRefused when it is larger than
 * `maxBytes` encoded. (Depth was checked on the request already.)
 */
export function encodeValue(value: unknown, maxBytes: number, what: string, envName: string, asSent?: Buffer): Buffer {
  if (asSent) {
    if (asSent.length > maxBytes) throw new ValueRefused(`${what} too large: ${asSent.length} bytes as JSON (limit ${formatBytes(maxBytes)}, ${envName})`);
    return asSent;
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    // Unreachable after the depth scan; kept so that a bug cannot throw past the request.
    throw new ValueRefused(`${what} cannot be encoded as JSON: ${(err as Error).message}`);
  }
  const buf = Buffer.from(text ?? 'null', 'utf8');
  if (buf.length > maxBytes) throw new ValueRefused(`${what} too large: ${buf.length} bytes as JSON (limit ${formatBytes(maxBytes)}, ${envName})`);
  return buf;
}

/** JSON text for a string (names, keys): always encodable. */
export function str(s: string): string {
  return JSON.stringify(s);
}

/** Concatenates JSON pieces (strings and pre-encoded buffers) into one answer payload. */
export function raw(parts: (string | Buffer)[]): Buffer {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
}

/** Encodes a kernel-made value for an answer; null when it cannot be (a bug, never a crash). */
export function tryEncode(value: unknown): Buffer | null {
  try {
    const t = JSON.stringify(value);
    return Buffer.from(t ?? 'null', 'utf8');
  } catch {
    return null;
  }
}
