// Bounded JSON for the syscall server. Values that clients hand the kernel to keep (SEND and
// BROADCAST messages, STORE values, EMIT data) are checked when they are accepted and kept
// encoded, as the exact bytes that will be answered: an answer that holds them is built by
// concatenation and can never fail to encode, and their memory is exactly what the limits
// count (a parsed 1 MiB `[[],[],…]` would take ten times that in objects).
//
// JSON.parse is iterative in V8, but JSON.stringify (and any recursive walk) overflows the
// stack near 5,000 levels; the depth scan below refuses deep requests before any handler
// parses them, so nothing downstream ever sees a value deeper than limits.jsonDepth.
import { formatBytes } from '../limits.js';

/**
 * The nesting depth of a JSON text, counting `[`/`{` outside strings, or -1 as soon as it
 * exceeds `limit`. A byte scan: no parse, no recursion, about 1 ns per byte.
 */
export function jsonDepth(buf: Uint8Array, limit: number): number {
  let depth = 0;
  let max = 0;
  const n = buf.length;
  for (let i = 0; i < n; i++) {
    const c = buf[i]!;
    if (c === 0x22) {
      // Skip a string: backslash escapes the next byte; the closing quote ends it.
      for (i++; i < n; i++) {
        const d = buf[i]!;
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return -1;
      if (depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return max;
}

/** A value refused at acceptance, with the sentence the client gets. */
export class ValueRefused extends Error {}

/**
 * Encodes a value the kernel will keep and answer later. Throws ValueRefused when it is
 * larger than `maxBytes` encoded. (Depth was checked on the request already.)
 */
export function encodeValue(value: unknown, maxBytes: number, what: string, envName: string): Buffer {
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
