// Time zone abbreviations and offsets from the system's zoneinfo files (TZif), as glibc
// reads them: Intl only knows CLDR's names ("GMT+9"), while strftime's %Z says "JST".

export interface TzInfo {
  /** Transition times (seconds since the epoch), ascending. */
  times: number[];
  /** Local time type index for each transition. */
  idx: number[];
  types: Array<{ utoff: number; isdst: boolean; abbr: string }>;
}

const cache = new Map<string, TzInfo | null>();

/** Parses a TZif file (v1 data, or v2+ 64-bit data when present). */
export function parseTzif(buf: Buffer): TzInfo | null {
  if (buf.length < 44 || buf.toString('latin1', 0, 4) !== 'TZif') return null;
  const version = buf[4]!;
  const header = (at: number): number[] => [0, 1, 2, 3, 4, 5].map((k) => buf.readUInt32BE(at + 20 + k * 4));
  let [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = header(0);
  let off = 44;
  let timeSize = 4;
  if (version >= 0x32) {
    // Skip the v1 block to the 64-bit one.
    off += timecnt! * 4 + timecnt! + typecnt! * 6 + charcnt! + leapcnt! * 8 + isstdcnt! + isutcnt!;
    if (buf.length < off + 44 || buf.toString('latin1', off, off + 4) !== 'TZif') return null;
    [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = header(off);
    off += 44;
    timeSize = 8;
  }
  const times: number[] = [];
  for (let i = 0; i < timecnt!; i++) times.push(timeSize === 8 ? Number(buf.readBigInt64BE(off + i * 8)) : buf.readInt32BE(off + i * 4));
  off += timecnt! * timeSize;
  const idx: number[] = [];
  for (let i = 0; i < timecnt!; i++) idx.push(buf[off + i]!);
  off += timecnt!;
  const raw: Array<{ utoff: number; isdst: boolean; ai: number }> = [];
  for (let i = 0; i < typecnt!; i++) raw.push({ utoff: buf.readInt32BE(off + i * 6), isdst: buf[off + i * 6 + 4] === 1, ai: buf[off + i * 6 + 5]! });
  off += typecnt! * 6;
  const chars = buf.toString('latin1', off, off + charcnt!);
  const types = raw.map((t) => ({ utoff: t.utoff, isdst: t.isdst, abbr: chars.slice(t.ai, chars.indexOf('\0', t.ai) < 0 ? undefined : chars.indexOf('\0', t.ai)) }));
  return { times, idx, types };
}

/** The zone's info by name (an IANA name or a path), through `read` (the session's files). */
export function loadZone(name: string, read: (path: string) => Buffer): TzInfo | null {
  if (cache.has(name)) return cache.get(name)!;
  let info: TzInfo | null = null;
  if (!/(^|\/)\.\.(\/|$)/.test(name)) {
    try {
      info = parseTzif(read(name.startsWith('/') ? name : `/usr/share/zoneinfo/${name}`));
    } catch {
      info = null;
    }
  }
  cache.set(name, info);
  return info;
}

/** The abbreviation in force at `seconds` with offset `utoff` (seconds east of UTC), or null. */
export function abbreviation(info: TzInfo, seconds: number, utoff: number): string | null {
  let i = info.times.length - 1;
  while (i >= 0 && info.times[i]! > seconds) i--;
  const t = i >= 0 ? info.types[info.idx[i]!] : info.types[0];
  if (t && t.utoff === utoff) return t.abbr;
  // Past the table (or a mismatch): the last type with this offset.
  for (let k = info.types.length - 1; k >= 0; k--) if (info.types[k]!.utoff === utoff) return info.types[k]!.abbr;
  return null;
}
