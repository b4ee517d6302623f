// strftime(3) in the C locale, for printf's %(fmt)T, with a time zone given as TZ would be:
// an IANA name (Asia/Tokyo), a POSIX string (JST-9, EST5EDT, UTC0), or unset (the system's).
// An unknown zone is UTC under its own name, as glibc does. Abbreviations (%Z) come from
// the zoneinfo files when a reader is given (see tzif.ts).
import { abbreviation, loadZone } from './tzif.js';

let zoneReader: ((path: string) => Buffer) | null = null;

/** Where zoneinfo files are read from (the session's filesystem view). */
export function setZoneReader(read: (path: string) => Buffer): void {
  zoneReader = read;
}

interface Parts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
  offsetMin: number; // east of UTC
  zone: string;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function utcParts(ms: number, offsetMin: number, zone: string): Parts {
  const d = new Date(ms + offsetMin * 60000);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(), weekday: d.getUTCDay(), offsetMin, zone,
  };
}

const fmtCache = new Map<string, Intl.DateTimeFormat | null>();

function zoneFormatter(tz: string): Intl.DateTimeFormat | null {
  if (fmtCache.has(tz)) return fmtCache.get(tz)!;
  let f: Intl.DateTimeFormat | null;
  try {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', timeZoneName: 'short' });
  } catch {
    f = null;
  }
  fmtCache.set(tz, f);
  return f;
}

/** Broken-down time of `seconds` in zone `tz` (undefined: the system's). */
export function localParts(seconds: number, tz: string | undefined): Parts {
  const ms = seconds * 1000;
  let name = tz;
  if (name !== undefined && name.startsWith(':')) name = name.slice(1);
  if (name === undefined || name === '') {
    const d = new Date(ms);
    const off = -d.getTimezoneOffset();
    const zone = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
    return utcParts(ms, off, zone === 'GMT' && off === 0 ? 'UTC' : zone);
  }
  // A POSIX zone: NAME, an offset west of UTC, maybe a DST name (its rules are not applied).
  const posix = /^([A-Za-z]{3,}|<[^>]+>)([+-]?\d{1,2}(?::\d{2}){0,2})([A-Za-z]{3,})?/.exec(name);
  const f = /\//.test(name) || !posix || posix[3] ? zoneFormatter(name) : null;
  if (f) {
    const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
    const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
    const off = Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
    let zone = parts.timeZoneName ?? name;
    const info = zoneReader ? loadZone(name, zoneReader) : null;
    const abbr = info ? abbreviation(info, Math.floor(ms / 1000), off * 60) : null;
    if (abbr) zone = abbr;
    else if (/^GMT[+-]/.test(zone) || zone === 'GMT') zone = zone === 'GMT' ? (name.startsWith('UTC') || name === 'Etc/UTC' ? 'UTC' : 'GMT') : zone;
    return utcParts(ms, off, zone);
  }
  if (posix) {
    const [h, m = '0', s = '0'] = posix[2]!.replace(/^[+-]/, '').split(':');
    const west = (Number(h) * 60 + Number(m) + Number(s) / 60) * (posix[2]!.startsWith('-') ? -1 : 1);
    return utcParts(ms, -west, posix[1]!.replace(/[<>]/g, ''));
  }
  return utcParts(ms, 0, name.replace(/[^A-Za-z].*$/, '') || 'UTC');
}

function dayOfYear(p: Parts): number {
  return Math.round((Date.UTC(p.year, p.month - 1, p.day) - Date.UTC(p.year, 0, 1)) / 86400000) + 1;
}

/** ISO 8601 week number and week-based year. */
function isoWeek(p: Parts): { week: number; year: number } {
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day));
  const dow = (p.weekday + 6) % 7; // Monday = 0
  d.setUTCDate(d.getUTCDate() - dow + 3);
  // The week's Thursday decides: its year, and its day of that year over 7.
  const year = d.getUTCFullYear();
  const yday = Math.round((d.getTime() - Date.UTC(year, 0, 1)) / 86400000);
  return { week: 1 + Math.floor(yday / 7), year };
}

export function strftime(fmt: string, seconds: number, tz: string | undefined): string {
  const p = localParts(seconds, tz);
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%' || i === fmt.length - 1) {
      out += c;
      continue;
    }
    let j = i + 1;
    let flag = '';
    if ('-_0^#'.includes(fmt[j]!)) flag = fmt[j++]!;
    let width = '';
    while (/\d/.test(fmt[j] ?? '')) width += fmt[j++];
    // The E and O modifiers (alternative era and digits) change nothing in the C locale.
    if ((fmt[j] === 'E' || fmt[j] === 'O') && /[a-zA-Z]/.test(fmt[j + 1] ?? '') && fmt[j + 1] !== 'E' && fmt[j + 1] !== 'O') j++;
    const conv = fmt[j];
    if (conv === undefined) {
      out += fmt.slice(i);
      break;
    }
    const num = (n: number, w: number, padc = '0'): string => {
      const want = width ? Number(width) : w;
      if (flag === '-') return String(n);
      if (flag === '_') padc = ' ';
      if (flag === '0') padc = '0';
      return String(n).padStart(want, padc);
    };
    let r: string;
    switch (conv) {
      case 'a': r = DAYS[p.weekday]!.slice(0, 3); break;
      case 'A': r = DAYS[p.weekday]!; break;
      case 'b': case 'h': r = MONTHS[p.month - 1]!.slice(0, 3); break;
      case 'B': r = MONTHS[p.month - 1]!; break;
      case 'c': r = strftime('%a %b %e %H:%M:%S %Y', seconds, tz); break;
      case 'C': r = num(Math.floor(p.year / 100), 2); break;
      case 'd': r = num(p.day, 2); break;
      case 'D': r = strftime('%m/%d/%y', seconds, tz); break;
      case 'e': r = num(p.day, 2, ' '); break;
      case 'F': r = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`; break;
      case 'g': r = num(isoWeek(p).year % 100, 2); break;
      case 'G': r = String(isoWeek(p).year); break;
      case 'H': r = num(p.hour, 2); break;
      case 'I': r = num(p.hour % 12 || 12, 2); break;
      case 'j': r = num(dayOfYear(p), 3); break;
      case 'k': r = num(p.hour, 2, ' '); break;
      case 'l': r = num(p.hour % 12 || 12, 2, ' '); break;
      case 'm': r = num(p.month, 2); break;
      case 'M': r = num(p.minute, 2); break;
      case 'n': r = '\n'; break;
      case 'p': r = p.hour < 12 ? 'AM' : 'PM'; break;
      case 'P': r = p.hour < 12 ? 'am' : 'pm'; break;
      case 'r': r = strftime('%I:%M:%S %p', seconds, tz); break;
      case 'R': r = strftime('%H:%M', seconds, tz); break;
      case 's': r = String(Math.floor(seconds)); break;
      case 'S': r = num(p.second, 2); break;
      case 't': r = '\t'; break;
      case 'T': r = strftime('%H:%M:%S', seconds, tz); break;
      case 'u': r = String(p.weekday || 7); break;
      case 'U': r = num(Math.floor((dayOfYear(p) - 1 - p.weekday + 7) / 7), 2); break;
      case 'V': r = num(isoWeek(p).week, 2); break;
      case 'w': r = String(p.weekday); break;
      case 'W': r = num(Math.floor((dayOfYear(p) - 1 - ((p.weekday + 6) % 7) + 7) / 7), 2); break;
      case 'x': r = strftime('%m/%d/%y', seconds, tz); break;
      case 'X': r = strftime('%H:%M:%S', seconds, tz); break;
      case 'y': r = num(p.year % 100, 2); break;
      case 'Y': r = String(p.year); break;
      case 'z': {
        const o = Math.abs(p.offsetMin);
        r = `${p.offsetMin < 0 ? '-' : '+'}${String(Math.floor(o / 60)).padStart(2, '0')}${String(o % 60).padStart(2, '0')}`;
        break;
      }
      case 'Z': r = p.zone; break;
      case '%': r = '%'; break;
      default:
        r = fmt.slice(i, j + 1);
    }
    if (flag === '^') r = r.toUpperCase();
    // glibc's `#` swaps the case of names: upper for days and months, lower for %p and %Z.
    if (flag === '#') r = 'aAbBh'.includes(conv) ? r.toUpperCase() : 'pZ'.includes(conv) ? r.toLowerCase() : r;
    out += r;
    i = j;
  }
  return out;
}
