// --allow-run and --deny-run: which programs a session's stages may execute.
//
//   --deny-run            no program at all (builtins only): every stage is refused
//   --deny-run=CMD,...    those programs are refused by the shell, and their files are
//                         hidden in the world (mode 000), so no stage can execute them
//                         either, by any path or from any script
//   --allow-run=CMD,...   the shell runs only those; inside a stage Landlock lets only those
//                         files (and the ELF interpreter and #! interpreter they need, and
//                         /bin/sh for EXEC and the agent's exec tool) be executed
//
// A CMD is a name looked up on $PATH (every match: /bin/x and /usr/bin/x) or a path.
import { closeSync, openSync, readSync, realpathSync } from 'node:fs';
import path from 'node:path';

import type { Denial, PermissionSet } from '../permissions.js';

function canonical(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

/** Every file a command name or path stands for (canonical, existing). */
export function resolvePrograms(names: string[], pathDirs: string[], cwd: string): string[] {
  const out = new Set<string>();
  for (const n of names) {
    if (n.includes('/')) {
      const c = canonical(path.resolve(cwd, n));
      if (c) out.add(c);
      continue;
    }
    for (const d of pathDirs) {
      const c = canonical(path.join(d, n));
      if (c) out.add(c);
    }
  }
  return [...out];
}

/** The first bytes of a file (empty when unreadable). */
function head(file: string, n = 4096): Buffer {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } catch {
    return Buffer.alloc(0);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The interpreter an executable needs: an ELF's PT_INTERP, or a script's #! program. */
export function interpreterOf(file: string): string | null {
  const b = head(file);
  if (b.length >= 2 && b[0] === 0x23 && b[1] === 0x21) {
    const line = b.subarray(2).toString('latin1').split('\n')[0]!.trim();
    return line.split(/\s+/)[0] || null;
  }
  if (b.length < 64 || b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 2) return null; // ELF64 only
  const le = b[5] === 1;
  const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u64 = (o: number) => Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o));
  const phoff = u64(32);
  const phentsize = u16(54);
  const phnum = u16(56);
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    if (o + 56 > b.length) break;
    if ((le ? b.readUInt32LE(o) : b.readUInt32BE(o)) !== 3) continue; // PT_INTERP
    const off = u64(o + 8);
    const size = u64(o + 32);
    if (off + size > b.length) return null;
    return b.subarray(off, off + size).toString('latin1').replace(/\0.*$/s, '') || null;
  }
  return null;
}

/** The programs plus every interpreter in their chain (canonical). */
export function execClosure(files: string[]): string[] {
  const out = new Set<string>();
  const queue = [...files];
  while (queue.length) {
    const f = canonical(queue.shift()!);
    if (!f || out.has(f)) continue;
    out.add(f);
    const interp = interpreterOf(f);
    if (interp) queue.push(interp);
  }
  return [...out];
}

/** Whether the shell may start `file` (argv[0] `name`) under these grants. */
export function checkProgram(perms: PermissionSet, file: string, name: string, pathDirs: string[], cwd: string): Denial | null {
  const base = path.basename(name);
  const real = canonical(file) ?? file;
  const matches = (list: string[]): string | undefined =>
    list.find((c) => c === name || c === base || c === file || (c.includes('/') ? canonical(path.resolve(cwd, c)) === real : resolvePrograms([c], pathDirs, cwd).includes(real)));
  const denied = perms.deny.run;
  if (denied === true) return { rule: '--deny-run', reason: 'running programs is denied' };
  if (Array.isArray(denied)) {
    const hit = matches(denied);
    if (hit !== undefined) return { rule: `--deny-run=${hit}`, reason: `${base} is denied` };
  }
  const allowed = perms.allow.run;
  if (allowed === false) return { rule: '--allow-run (not granted)', reason: 'running programs is not granted' };
  if (Array.isArray(allowed) && matches(allowed) === undefined) return { rule: `--allow-run=${allowed.join(',')}`, reason: `${base} is not in the allow list` };
  return null;
}
