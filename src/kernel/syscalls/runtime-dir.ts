// Where the syscall sockets live: $XDG_RUNTIME_DIR/aosh, else /tmp/aosh-<uid>, mode 0700 and
// owned by us (checked with lstat, so a planted symlink or someone else's directory in /tmp
// is refused), with one sub-directory per kernel session. Sessions whose process died (e.g.
// kill -9) are swept when the next one starts.
import { accessSync, chmodSync, constants, existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

let counter = 0;

export function runtimeBase(env: NodeJS.ProcessEnv = process.env): string {
  const uid = process.getuid?.() ?? 0;
  const xdg = env.XDG_RUNTIME_DIR;
  const base = xdg && existsSync(xdg) ? join(xdg, 'aosh') : join('/tmp', `aosh-${uid}`);
  // Session directories are swept when their pid is dead; a pid is only meaningful in its
  // own PID namespace, so each namespace gets its own base (an aosh in a container must not
  // sweep the live sessions of the host, which it cannot see).
  const ns = pidNamespace();
  // An aosh in an aosh stage finds the outer one's base hidden (mode 000): one of its own.
  return unusable(base) ? join(`${base}.${ns}`, ns) : join(base, ns);
}

/** A directory that exists and that we may not enter or write (not one that is missing). */
function unusable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EACCES';
  }
}

function pidNamespace(): string {
  try {
    return 'ns' + (/\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1] ?? '0');
  } catch {
    return 'ns0';
  }
}

/** Creates (or checks) a private directory: ours, a real directory, no group/other access. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  const uid = process.getuid?.() ?? st.uid;
  if (!st.isDirectory()) throw new Error(`${dir} is not a directory`);
  if (st.uid !== uid) throw new Error(`${dir} belongs to uid ${st.uid}, not ${uid}`);
  if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/** A fresh session directory under `base` (short names: socket paths are limited to 107 bytes). */
export function sessionDir(base = runtimeBase()): string {
  ensurePrivateDir(dirname(base));
  ensurePrivateDir(base);
  sweepStale(base);
  const dir = join(base, `${process.pid}.${++counter}`);
  rmSync(dir, { recursive: true, force: true });
  ensurePrivateDir(dir);
  return dir;
}

function sweepStale(base: string): void {
  for (const name of readdirSync(base)) {
    const m = /^(\d+)\.\d+$/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    rmSync(join(base, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
