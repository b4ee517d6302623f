// Shell strings are byte strings; aosh's are JS strings. Text that is valid UTF-8 is kept as
// characters; a byte that is not part of valid UTF-8 travels as U+DC80..U+DCFF (Python's
// "surrogateescape"), so `printf '\xff'`, binary command output and odd file names survive
// a round trip byte for byte.

const fatal = new TextDecoder('utf-8', { fatal: true });

/** Bytes to a shell string. */
export function decodeBytes(buf: Uint8Array): string {
  let ascii = true;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('latin1');
  try {
    return fatal.decode(buf);
  } catch {
    return decodeSlow(buf);
  }
}

function decodeSlow(buf: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    let n = 0;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) n = 2;
    else if (b >= 0xf0 && b <= 0xf4) n = 3;
    if (n > 0 && i + n < buf.length + 1) {
      const seq = buf.subarray(i, i + n + 1);
      if (seq.length === n + 1) {
        try {
          out += fatal.decode(seq);
          i += n + 1;
          continue;
        } catch {
          // not a valid sequence: fall through to a raw byte
        }
      }
    }
    out += String.fromCharCode(0xdc00 + b);
    i++;
  }
  return out;
}

const RAW = /[\udc80-\udcff]/;

/** A shell string to bytes (raw bytes back to themselves). */
export function encodeString(s: string): Buffer {
  if (!RAW.test(s)) return Buffer.from(s, 'utf8');
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff && !(i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) < 0xdc00)) {
      if (i > start) parts.push(Buffer.from(s.slice(start, i), 'utf8'));
      parts.push(Buffer.from([c - 0xdc00]));
      start = i + 1;
    }
  }
  if (start < s.length) parts.push(Buffer.from(s.slice(start), 'utf8'));
  return Buffer.concat(parts);
}
