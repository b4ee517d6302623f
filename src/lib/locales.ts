// Whether a locale is installed, as glibc's setlocale() finds it: bash asks for the locale its
// variables name and, when that fails (a name this machine has no data for), runs in C, so
// under LANG=en_US.UTF-8 without that locale it counts bytes, not characters. glibc looks in
// $LOCPATH or /usr/lib/locale, for a directory named with the normalized codeset
// (en_US.utf8) or an entry of that name in locale-archive; C.UTF-8 is built in.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';

const known = new Map<string, boolean>();

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
  return names.some((n) => archiveHas(`${n}\0`));
}

/**
 * Whether locale-archive names the locale: searched a block at a time (an archive of every
 * locale is some hundred megabytes), a block overlapping the last by the name's length.
 */
function archiveHas(name: string): boolean {
  let fd: number;
  try {
    fd = openSync('/usr/lib/locale/locale-archive', 'r');
  } catch {
    return false;
  }
  const needle = Buffer.from(name);
  const block = Buffer.alloc(1 << 20);
  try {
    for (let pos = 0; ; ) {
      const n = readSync(fd, block, 0, block.length, pos);
      if (n < needle.length) return false;
      if (block.subarray(0, n).includes(needle)) return true;
      pos += n - needle.length + 1;
    }
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** glibc's _nl_normalize_codeset: letters lowercased, digits kept, the rest dropped ("UTF-8" is "utf8"). */
function normalizeCodeset(codeset: string): string {
  const only = codeset.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  return /^[0-9]+$/.test(only) ? `iso${only}` : only;
}
