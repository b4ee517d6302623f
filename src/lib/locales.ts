// Whether a locale is installed, as glibc's setlocale() finds it: bash asks for the locale its
// variables name and, when that fails (a name this machine has no data for), runs in C, so
// under LANG=en_US.UTF-8 without that locale it counts bytes, not characters. glibc looks in
// $LOCPATH or /usr/lib/locale, for a directory named with the normalized codeset
// (en_US.utf8) or an entry of that name in locale-archive; C.UTF-8 is built in.
import { existsSync, readFileSync } from 'node:fs';

const known = new Map<string, boolean>();
let archive: Buffer | null | undefined;

export function localeInstalled(name: string): boolean {
  let ok = known.get(name);
  if (ok === undefined) {
    ok = lookup(name);
    known.set(name, ok);
  }
  return ok;
}

function lookup(name: string): boolean {
  const m = /^([^.@]*)(?:\.([^@]*))?(@.*)?$/.exec(name);
  if (!m) return false;
  const [, lang = '', codeset, mod = ''] = m;
  const norm = codeset === undefined ? undefined : normalizeCodeset(codeset);
  if ((lang === 'C' || lang === 'POSIX') && norm === 'utf8') return true;
  const names = [name, ...(norm === undefined ? [] : [`${lang}.${norm}${mod}`])];
  const dirs = process.env.LOCPATH ? process.env.LOCPATH.split(':').filter(Boolean) : ['/usr/lib/locale'];
  for (const dir of dirs) for (const n of names) if (existsSync(`${dir}/${n}/LC_CTYPE`)) return true;
  if (process.env.LOCPATH) return false;
  if (archive === undefined) {
    try {
      archive = readFileSync('/usr/lib/locale/locale-archive');
    } catch {
      archive = null;
    }
  }
  return archive !== null && names.some((n) => archive!.includes(Buffer.from(`${n}\0`)));
}

/** glibc's _nl_normalize_codeset: letters lowercased, digits kept, the rest dropped ("UTF-8" is "utf8"). */
function normalizeCodeset(codeset: string): string {
  const only = codeset.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  return /^[0-9]+$/.test(only) ? `iso${only}` : only;
}
