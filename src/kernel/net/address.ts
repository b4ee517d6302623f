// Which addresses are not "the internet": loopback, private, link-local and the other
// special-purpose ranges (IANA's registries, the ones not globally reachable). A name that
// resolves into one of them is refused unless the user listed that name exactly: that is
// the DNS-rebinding defence (a public name pointed at 127.0.0.1 or 169.254.169.254 must not
// open the host's own services or the cloud metadata endpoint). IPv6 forms that embed an
// IPv4 address (mapped, NAT64, 6to4) are judged by the address they embed.
import { isIPv4, isIPv6 } from 'node:net';

/** Why an address is not public ('loopback', 'private', 'link-local' ...), or null when it is. */
export function addressClass(addr: string): string | null {
  const a = addr.startsWith('[') && addr.endsWith(']') ? addr.slice(1, -1) : addr;
  if (isIPv4(a)) return v4Class(v4Number(a));
  if (isIPv6(a.replace(/%.*$/, ''))) return v6Class(v6Words(a.replace(/%.*$/, '')));
  return 'not an address';
}

function v4Number(a: string): number {
  return a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

const V4: Array<[base: string, bits: number, why: string]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'private (shared address space)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved (documentation)'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved (benchmarking)'],
  ['198.51.100.0', 24, 'reserved (documentation)'],
  ['203.0.113.0', 24, 'reserved (documentation)'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const V4_RANGES = V4.map(([b, bits, why]) => [v4Number(b), bits, why] as const);

function v4Class(n: number): string | null {
  for (const [base, bits, why] of V4_RANGES) {
    const size = 2 ** (32 - bits);
    if (n >= base && n < base + size) return why;
  }
  return null;
}

/** The eight 16-bit words of an IPv6 address (a trailing dotted quad included). */
function v6Words(a: string): number[] {
  let s = a.toLowerCase();
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (quad) {
    const n = v4Number(quad[1]!);
    s = s.slice(0, -quad[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((w) => parseInt(w, 16));
}

function v6Class(w: number[]): string | null {
  const zeroUpTo = (i: number): boolean => w.slice(0, i).every((x) => x === 0);
  const embedded = (hi: number, lo: number): string | null => v4Class(hi * 65536 + lo);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && w[7] === 1) return 'loopback';
  if (zeroUpTo(5) && w[5] === 0xffff) return embedded(w[6]!, w[7]!); // ::ffff:a.b.c.d (mapped)
  if (zeroUpTo(6)) return 'reserved (IPv4-compatible)';
  if (w[0] === 0x64 && w[1] === 0xff9b && w.slice(2, 6).every((x) => x === 0)) return embedded(w[6]!, w[7]!); // NAT64
  if (w[0] === 0x64 && w[1] === 0xff9b && w[2] === 1) return 'private (local NAT64)';
  if (w[0] === 0x100 && w.slice(1, 4).every((x) => x === 0)) return 'reserved (discard)';
  if (w[0] === 0x2001 && w[1] === 0xdb8) return 'reserved (documentation)';
  if (w[0] === 0x2002) return embedded(w[1]!, w[2]!); // 6to4
  if ((w[0]! & 0xfe00) === 0xfc00) return 'private';
  if ((w[0]! & 0xffc0) === 0xfe80) return 'link-local';
  if ((w[0]! & 0xffc0) === 0xfec0) return 'private (site-local)';
  if ((w[0]! & 0xff00) === 0xff00) return 'multicast';
  return null;
}
