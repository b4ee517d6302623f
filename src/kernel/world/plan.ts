// A world's policy and mount plan, computed once from a permission set and the start
// directory (DESIGN.md "One world per session"): what is readable, what is writable,
// what is hidden, which network. The zygote (native/world/build.cc) only runs the ops.
//
// The world's root is a fresh tmpfs holding binds of host paths at the same paths:
//
//   read     --allow-read (the default): every top-level directory of the host, read-only.
//            --allow-read=P,...: only P (and the system directories programs need: /usr,
//            /etc, /lib*, the directories on $PATH, aosh itself), read-only. -A: as the
//            default, but nothing hidden except aosh's own state.
//   write    the working directory (when no --allow-write=P is given) or exactly P,...,
//            read-write; /tmp is the session's own (host /tmp only with --allow-write=/tmp);
//            /dev/shm private. --deny-write=P read-only again. -A: everything.
//   hidden   credentials by canonical path (secrets.ts), `.env*` near the work, aosh's
//            state ($AOSH_HOME, the runtime directories of every session), --deny-read=P,
//            and --deny-run=CMD's programs. A directory becomes an empty mode-000 tmpfs, a
//            file an empty mode-000 file: EACCES for anyone without capabilities, root
//            included. A grant that names a path at or inside a hidden one shows that path.
//   system   /dev minimal (null zero full random urandom tty, private devpts, shm), /proc
//            per stage with its knobs read-only, /sys read-only, /run empty (the host's,
//            read-only, only with the host network), /tmp/agentos.sock = the world's socket.
//
// Mount points: a target inside a tmpfs of ours is created by the plan; one inside a bind
// must exist on the host (the plan uses canonical paths, and the zygote refuses symlinks),
// except inside the session's /tmp directory, which belongs to aosh.
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { PermissionSet } from '../permissions.js';
import { canonical, exists, HOME_SECRETS, homeEnvFiles, scanEnvFiles, SYSTEM_SECRETS } from './secrets.js';

/** The host name inside every world (its own UTS namespace): what `hostname` says in a stage. */
export const WORLD_HOSTNAME = 'aosh';

export type NetMode = 'none' | 'host' | 'proxy';

/** Op kinds and flags: native/world/world.h. */
export const Kind = {
  clone: 1, root: 2, mkdir: 3, touch: 4, symlink: 5, attach: 6, tmpfs: 7, hideFile: 8, devpts: 9, proc: 10, readOnly: 11, pivot: 12, hostname: 13, loopback: 14,
} as const;
export const Flag = { recursive: 1, writable: 2, keepDev: 4, readOnly: 8, noExec: 16 } as const;

export type PlanOp = [kind: number, flags: number, a: string, b: string];

export interface WorldInput {
  perms: PermissionSet;
  /** The start directory (the default writable directory). */
  cwd: string;
  home: string;
  /**
   * Other home directories whose credentials are hidden as $HOME's are: the account's own
   * (passwd) when $HOME points elsewhere, and as root every account's (worlds.ts).
   */
  otherHomes?: string[];
  /** aosh's state: $AOSH_HOME and the runtime directories (sockets of every session). */
  kernelState: string[];
  /** Host directory behind the world's /tmp; null: the host's /tmp (--allow-write=/tmp). */
  tmpHost: string | null;
  /** The world's AGNT socket (host path), bound at /tmp/agentos.sock. */
  socket?: string;
  /** The agents-as-files tree (host directory), bound read-only at /aos. */
  aos?: string;
  /** aosh's own package (the SDKs agents import, `aosh` inside a stage). */
  packageRoot: string;
  /** $PATH entries: the programs of a stage, readable even under --allow-read=P. */
  pathDirs: string[];
  net: NetMode;
  /** -A: nothing hidden but aosh's state, everything writable. */
  allowAll: boolean;
  /** The session's terminal (host path, e.g. /dev/pts/3): kept where only a stage handed it can bind it at /dev/tty. */
  terminal?: string;
  /** Programs that --deny-run names (already resolved to files). */
  deniedPrograms?: string[];
  /**
   * The world this one is derived from (an agent's, an EXEC's after SET_PERMS): never more
   * than it. Its writable set caps this one's, its read roots cap this one's, and what it
   * hides stays hidden whatever this one's grants name. (A grant `true` means "the default"
   * — the start directory writable, everything but secrets readable — which an intersection
   * of permission sets cannot express; this is where it is enforced.)
   */
  ceiling?: Pick<WorldPolicy, 'readRoots' | 'writable' | 'hidden' | 'tmp'>;
}

export interface WorldPolicy {
  readRoots: 'all' | string[];
  writable: string[];
  hidden: string[];
  tmp: 'private' | 'host';
  net: NetMode;
  /** Limits that were hit while computing the plan (said to the user, never silent). */
  notes: string[];
}

export interface WorldPlan {
  policy: WorldPolicy;
  ops: PlanOp[];
  /** Host paths to create inside the session's /tmp directory before the build. */
  mountPoints: Array<{ path: string; dir: boolean }>;
}

export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc', '/opt'];
/** Top-level host entries a world never takes from the host. */
const OWN_TOP = new Set(['proc', 'sys', 'dev', 'tmp', 'run', 'aos']);

export const isUnder = (p: string, dir: string): boolean => dir === '/' || p === dir || p.startsWith(dir.endsWith('/') ? dir : dir + '/');

function expand(p: string, cwd: string, home: string): string {
  const t = p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p;
  return path.resolve(cwd, t);
}

/** The literal paths of a grant (globs are protocol-level scopes, not mounts). */
function grantPaths(g: boolean | string[], cwd: string, home: string): string[] {
  if (!Array.isArray(g)) return [];
  return g.filter((s) => !/[*?[]/.test(s)).map((s) => expand(s, cwd, home));
}

/**
 * Whether a world with these permissions, started in cwd, may write the host's /tmp itself
 * (`--allow-write=/tmp`, or the default grant in a session started in /tmp): then its /tmp
 * is the host's, not a private one under it.
 */
export function sharesHostTmp(perms: Pick<PermissionSet, 'allow'>, cwd: string, home: string): boolean {
  const w = perms.allow.write;
  const paths = w === true ? [cwd] : grantPaths(w, cwd, home);
  return paths.some((p) => (canonical(p) ?? path.resolve(p)) === '/tmp');
}

/** Canonical forms of the paths that exist; keeps the outermost of nested ones when `outer`. */
function canonicalSet(paths: string[], outer: boolean): string[] {
  const out = [...new Set(paths.map(canonical).filter((p): p is string => p !== null))].sort();
  return outer ? out.filter((p) => !out.some((q) => q !== p && isUnder(p, q))) : out;
}

interface Mount {
  target: string;
  /** 0 read roots, 1 writable, 2 hidden, 3 grants shown inside hidden, 4 deny-write, 5 deny-read */
  layer: number;
  kind: 'bind' | 'tmpfs' | 'hide' | 'special';
  src?: string;
  flags?: number;
  /** tmpfs options / special kind. */
  data?: string;
  /** Children mount points this tmpfs must hold (hidden dirs with grants inside). */
  holds?: boolean;
}

export function planWorld(input: WorldInput): WorldPlan {
  const { perms, home } = input;
  const notes: string[] = [];
  const cwd = canonical(input.cwd) ?? input.cwd;

  // ---- what is writable ----
  let writable: string[];
  if (input.allowAll) writable = ['/'];
  else if (Array.isArray(perms.allow.write)) writable = grantPaths(perms.allow.write, cwd, home);
  else writable = perms.allow.write === true ? [cwd] : [];
  const sharedTmp = input.tmpHost === null;
  // Paths under /tmp live in the session's /tmp unless they exist on the host.
  writable = writable.filter((w) => !(isUnder(w, '/tmp') && !sharedTmp && !existsSync(w)));
  writable = canonicalSet(writable, true);
  for (const w of grantPaths(perms.allow.write, cwd, home)) {
    if (!existsSync(w) && !isUnder(w, '/tmp')) throw new PlanError(`--allow-write=${w}: No such file or directory (create it first)`);
  }
  const denyWrite = perms.deny.write === true ? writable : canonicalSet(grantPaths(perms.deny.write, cwd, home), false);
  writable = writable.filter((w) => !denyWrite.some((d) => isUnder(w, d)));
  const ceiling = input.ceiling;
  // Nothing the ceiling hides comes back as a grant (it would be mounted over the hiding).
  const ceilingHides = (p: string): boolean => ceiling !== undefined && ceiling.hidden.some((h) => isUnder(p, h));
  if (ceiling) {
    const within = (w: string): boolean => ceiling.writable.some((c) => isUnder(w, c)) && !ceilingHides(w);
    // A grant that names more than the ceiling is refused, never quietly dropped; the
    // default (`true`: the start directory) simply has nothing writable outside it.
    const over = Array.isArray(perms.allow.write) ? writable.find((w) => !within(w)) : undefined;
    if (over) throw new PlanError(`--allow-write=${over}: not writable in the session it is started from (writable there: ${ceiling.writable.join(', ') || 'nothing'} and its /tmp; start aosh with --allow-write=${over})`);
    writable = writable.filter(within);
  }

  // ---- what is readable ----
  const readList = Array.isArray(perms.allow.read) && !input.allowAll;
  const explicitReads = canonicalSet(grantPaths(perms.allow.read, cwd, home), false);
  if (ceiling) {
    const roots = ceiling.readRoots;
    const over = explicitReads.find((p) => ceilingHides(p) || (roots !== 'all' && !roots.some((r) => isUnder(p, r))));
    if (over) throw new PlanError(`--allow-read=${over}: not readable in the session it is started from (start aosh with --allow-read=${over})`);
  }
  let readRoots: 'all' | string[] = 'all';
  if (readList) {
    const prefixes = input.pathDirs.flatMap((d) => (/\/(bin|sbin|shims)$/.test(d) ? [path.dirname(d), d] : [d]));
    readRoots = canonicalSet([...SYSTEM_DIRS, ...explicitReads, ...writable, input.packageRoot, ...prefixes].filter((p) => p !== '/'), true);
  }
  if (ceiling && ceiling.readRoots !== 'all') {
    const roots = ceiling.readRoots;
    readRoots = readRoots === 'all' ? [...roots] : readRoots.filter((r) => roots.some((c) => isUnder(r, c)));
  }

  // Host paths under /tmp that stay visible in the world (the start directory, $HOME, aosh's
  // package, grants: tests and CI live in /tmp), bound over the session's private /tmp.
  function hostPathsUnderTmp(): string[] {
    const under = [cwd, home, input.packageRoot, ...explicitReads, ...writable]
      .map((p) => canonical(p))
      .filter((p): p is string => p !== null && isUnder(p, '/tmp') && p !== '/tmp')
      .filter((p) => readRoots === 'all' || readRoots.some((r) => isUnder(p, r)));
    return canonicalSet(under, true);
  }

  // ---- what is hidden ----
  const kernelState = canonicalSet(input.kernelState, false);
  let hidden: string[] = [...kernelState];
  if (!input.allowAll) {
    // A secret is a secret in whichever home it lies: `HOME=/tmp/x aosh` (or root) must not
    // show /root/.aws or /home/alice/.ssh, nor the default ~/.aosh of other sessions.
    for (const h of new Set([home, ...(input.otherHomes ?? [])])) hidden.push(...HOME_SECRETS.map((s) => path.join(h, s)), path.join(h, '.aosh'), ...homeEnvFiles(h));
    hidden.push(...SYSTEM_SECRETS);
    hidden.push(...grantPaths(perms.deny.read, cwd, home));
    if (perms.deny.read === true) throw new PlanError('--deny-read without a path: nothing could run (name the paths to hide)');
    const scan = scanEnvFiles([...new Set([cwd, ...writable.filter((w) => w !== '/')])], cwd);
    hidden.push(...scan.files);
    if (scan.truncated) notes.push(`.env scan ${scan.truncated}: deeper .env files are not hidden`);
    hidden.push(...(input.deniedPrograms ?? []));
  }
  hidden = canonicalSet(hidden.filter(exists), false);
  // Only what the world shows needs hiding (the host's /tmp is not there, nor paths outside
  // --allow-read=P).
  const tmpBound = sharedTmp ? ['/tmp'] : hostPathsUnderTmp();
  const visible = (p: string): boolean =>
    isUnder(p, '/tmp') ? tmpBound.some((b) => isUnder(p, b)) : readRoots === 'all' ? !OWN_TOP.has(p.split('/')[1] ?? '') : readRoots.some((r) => isUnder(p, r)) || writable.some((w) => isUnder(p, w));
  hidden = hidden.filter(visible);
  // A grant at or inside a hidden path shows it (explicit names only; the implicit working
  // directory never un-hides: start aosh inside ~/.ssh and it stays hidden).
  const explicit = [...explicitReads, ...(Array.isArray(perms.allow.write) ? writable : [])];
  const reexposed = explicit.filter((g) => hidden.some((h) => isUnder(g, h) && !kernelState.some((k) => isUnder(g, k))));
  hidden = hidden.filter((h) => !reexposed.some((g) => g === h));
  if (ceiling) hidden = canonicalSet([...hidden, ...ceiling.hidden.filter(visible)], false);
  const deniedReads = canonicalSet(grantPaths(perms.deny.read, cwd, home), false);

  // ---- mounts ----
  const mounts: Mount[] = [];
  const topLevel: Array<{ name: string; type: 'dir' | 'file' | 'link'; link?: string }> = [];
  for (const e of readdirSync('/', { withFileTypes: true })) {
    if (OWN_TOP.has(e.name)) continue;
    const full = '/' + e.name;
    if (e.isSymbolicLink()) {
      topLevel.push({ name: e.name, type: 'link', link: readlinkSync(full) });
      continue;
    }
    const wanted = readRoots === 'all' || readRoots.some((r) => isUnder(r, full));
    if (!wanted) continue;
    topLevel.push({ name: e.name, type: e.isDirectory() ? 'dir' : 'file' });
    // `/` writable (-A, --allow-write=/): the host's tree as it is, read-only mounts included.
    const rootWritable = writable.includes('/');
    if (readRoots === 'all' || readRoots.includes(full)) mounts.push({ target: full, layer: 0, kind: 'bind', src: full, flags: Flag.recursive | (rootWritable ? Flag.writable : 0) });
  }
  if (readRoots !== 'all') {
    for (const r of readRoots) {
      const top = '/' + r.split('/')[1];
      if (r !== top) mounts.push({ target: r, layer: 0, kind: 'bind', src: r, flags: Flag.recursive });
    }
  }
  for (const w of writable) if (w !== '/') mounts.push({ target: w, layer: 1, kind: 'bind', src: w, flags: Flag.recursive | Flag.writable });
  for (const d of denyWrite) if (writable.some((w) => isUnder(d, w)) || d === '/') mounts.push({ target: d, layer: 4, kind: 'bind', src: d, flags: Flag.recursive });
  for (const h of hidden) {
    const dir = isDirectory(h);
    mounts.push({ target: h, layer: h === '/' ? 5 : deniedReads.includes(h) ? 5 : 2, kind: 'hide', data: dir ? 'dir' : 'file', holds: dir && reexposed.some((g) => g !== h && isUnder(g, h)) });
  }
  for (const g of reexposed) mounts.push({ target: g, layer: 3, kind: 'bind', src: g, flags: Flag.recursive | (writable.includes(g) ? Flag.writable : 0) });

  // The session's /tmp, and host paths that stay visible under it (the start directory,
  // $HOME, aosh's package, grants: tests and CI live in /tmp).
  const mountPoints: WorldPlan['mountPoints'] = [];
  mounts.push({ target: '/tmp', layer: 0, kind: 'bind', src: input.tmpHost ?? '/tmp', flags: Flag.recursive | Flag.writable });
  if (!sharedTmp) {
    for (const p of tmpBound) {
      if (mounts.some((m) => m.target === p)) continue;
      mounts.push({ target: p, layer: 0, kind: 'bind', src: p, flags: Flag.recursive });
    }
  }
  if (input.socket) mounts.push({ target: '/tmp/agentos.sock', layer: 6, kind: 'bind', src: input.socket, flags: 0 });
  if (input.aos) mounts.push({ target: '/aos', layer: 0, kind: 'bind', src: input.aos, flags: Flag.recursive });
  mounts.push({ target: '/sys', layer: 0, kind: 'bind', src: '/sys', flags: Flag.recursive });
  if (input.net === 'host') mounts.push({ target: '/run', layer: 0, kind: 'bind', src: '/run', flags: Flag.recursive });
  else mounts.push({ target: '/run', layer: 0, kind: 'tmpfs', data: 'mode=0755,size=64k', flags: Flag.readOnly | Flag.noExec });
  mounts.push({ target: '/dev', layer: 0, kind: 'special', data: 'dev' });
  mounts.push({ target: '/proc', layer: 0, kind: 'special', data: 'proc' });

  // Shallow first; at one path, lower layers first (the last mount wins).
  mounts.sort((a, b) => depth(a.target) - depth(b.target) || a.layer - b.layer);

  const ops: PlanOp[] = [];
  const clones: PlanOp[] = [];
  const body: PlanOp[] = [];
  const tmpfsDirs: string[] = ['/'];
  const placed: Mount[] = [];
  const slotOf = (m: Mount): number => {
    clones.push([Kind.clone, m.flags ?? 0, m.src!, '']);
    return clones.length - 1;
  };
  for (const t of topLevel) {
    if (t.type === 'link') body.push([Kind.symlink, 0, t.link!, '/' + t.name]);
    else if (t.type === 'dir') body.push([Kind.mkdir, 0o755, '/' + t.name, '']);
    else body.push([Kind.touch, 0o644, '/' + t.name, '']);
  }
  for (const d of ['/tmp', '/sys', '/run', '/dev', '/proc']) body.push([Kind.mkdir, d === '/tmp' ? 0o1777 : 0o755, d, '']);
  if (input.aos) body.push([Kind.mkdir, 0o755, '/aos', '']);

  for (const m of mounts) {
    const isDirTarget = m.kind === 'special' || m.kind === 'tmpfs' || (m.kind === 'hide' ? m.data === 'dir' : m.src ? isDirectory(m.src) : true);
    ensureMountPoint(m.target, isDirTarget, placed, tmpfsDirs, body, mountPoints, input.tmpHost);
    if (m.kind === 'bind') {
      body.push([Kind.attach, slotOf(m), m.target, '']);
    } else if (m.kind === 'tmpfs') {
      body.push([Kind.tmpfs, m.flags ?? 0, m.target, m.data ?? '']);
      tmpfsDirs.push(m.target);
    } else if (m.kind === 'hide') {
      if (m.data === 'dir') {
        body.push([Kind.tmpfs, m.holds ? 0 : Flag.readOnly | Flag.noExec, m.target, 'mode=000,size=4k']);
        tmpfsDirs.push(m.target);
      } else {
        body.push([Kind.hideFile, 0, m.target, '']);
      }
    } else if (m.data === 'dev') {
      planDev(body, clones, input.terminal);
      tmpfsDirs.push('/dev');
    } else if (m.data === 'proc') {
      body.push([Kind.proc, 0, '/proc', '']);
    }
    placed.push(m);
  }
  // Hidden directories that hold grants become read-only once the grants are in.
  for (const m of mounts) if (m.kind === 'hide' && m.holds) body.push([Kind.readOnly, 0, m.target, '']);

  if (input.net !== 'host') ops.push([Kind.loopback, 0, '', '']);
  ops.push([Kind.hostname, 0, WORLD_HOSTNAME, '']);
  ops.push(...clones, [Kind.root, 0, '', ''], ...body, [Kind.pivot, 0, '', ''], [Kind.readOnly, 0, '/', ''], [Kind.readOnly, 0, '/dev', '']);
  return {
    policy: { readRoots, writable, hidden, tmp: sharedTmp ? 'host' : 'private', net: input.net, notes },
    ops,
    mountPoints,
  };
}

/** Where the world keeps the session's terminal: a mode-000 directory no stage can enter. */
export const TERMINAL_KEEP = '/dev/.aosh-tty';

function planDev(body: PlanOp[], clones: PlanOp[], terminal: string | undefined): void {
  body.push([Kind.tmpfs, 0, '/dev', 'mode=0755,size=64k']);
  for (const n of ['null', 'zero', 'full', 'random', 'urandom', 'tty']) {
    if (!existsSync('/dev/' + n)) continue;
    clones.push([Kind.clone, Flag.keepDev | Flag.writable, '/dev/' + n, '']);
    body.push([Kind.touch, 0o666, '/dev/' + n, ''], [Kind.attach, clones.length - 1, '/dev/' + n, '']);
  }
  body.push([Kind.mkdir, 0o755, '/dev/pts', ''], [Kind.devpts, 0, '/dev/pts', ''], [Kind.symlink, 0, 'pts/ptmx', '/dev/ptmx']);
  // A stage has no controlling terminal (it is a session of its own), so /dev/tty would say
  // ENXIO to ssh, sudo and git asking for a password: the stage's PID 1 binds this copy at
  // its /dev/tty when the stage was handed the terminal (stage.cc BindTerminal), and only then.
  if (terminal && existsSync(terminal)) {
    clones.push([Kind.clone, Flag.keepDev | Flag.writable, terminal, '']);
    body.push([Kind.mkdir, 0o755, TERMINAL_KEEP, ''], [Kind.tmpfs, 0, TERMINAL_KEEP, 'mode=000,size=4k'], [Kind.touch, 0o600, TERMINAL_KEEP + '/tty', ''], [Kind.attach, clones.length - 1, TERMINAL_KEEP + '/tty', ''], [Kind.readOnly, 0, TERMINAL_KEEP, '']);
  }
  body.push([Kind.mkdir, 0o1777, '/dev/shm', ''], [Kind.tmpfs, 0, '/dev/shm', 'mode=1777']);
  body.push([Kind.symlink, 0, '/proc/self/fd', '/dev/fd'], [Kind.symlink, 0, '/proc/self/fd/0', '/dev/stdin'], [Kind.symlink, 0, '/proc/self/fd/1', '/dev/stdout'], [Kind.symlink, 0, '/proc/self/fd/2', '/dev/stderr']);
}

/**
 * The mount point for `target`: inside a tmpfs of ours it is created by the plan; inside
 * the session's /tmp directory on the host, before the build; anywhere else it must exist
 * on the host as a real directory or file (the plan's paths are canonical).
 */
function ensureMountPoint(target: string, dir: boolean, placed: Mount[], tmpfsDirs: string[], body: PlanOp[], mountPoints: WorldPlan['mountPoints'], tmpHost: string | null): void {
  if (target === '/' || depth(target) === 1) return; // top level: made with the skeleton
  let container: Mount | undefined;
  for (const m of placed) if (isUnder(target, m.target) && m.target !== target && (!container || depth(m.target) >= depth(container.target))) container = m;
  const inTmpfs = tmpfsDirs.filter((t) => isUnder(target, t) && t !== target).sort((a, b) => depth(b) - depth(a))[0];
  if (inTmpfs !== undefined && (!container || depth(inTmpfs) >= depth(container.target))) {
    const rel = target.slice(inTmpfs === '/' ? 1 : inTmpfs.length + 1).split('/');
    let at = inTmpfs === '/' ? '' : inTmpfs;
    rel.forEach((part, i) => {
      at += '/' + part;
      const last = i === rel.length - 1;
      body.push([!last || dir ? Kind.mkdir : Kind.touch, !last || dir ? 0o755 : 0o644, at, '']);
    });
    return;
  }
  if (!container || container.kind !== 'bind') throw new PlanError(`cannot place ${target}: no directory to mount it in`);
  const host = container.src === container.target ? target : path.join(container.src!, target.slice(container.target.length));
  if (tmpHost !== null && container.target === '/tmp' && container.src === tmpHost) {
    mountPoints.push({ path: host, dir });
    return;
  }
  let st;
  try {
    st = lstatSync(host);
  } catch {
    throw new PlanError(`cannot bind ${target}: ${host} does not exist`);
  }
  if (st.isSymbolicLink()) throw new PlanError(`cannot bind ${target}: ${host} is a symbolic link`);
}

function depth(p: string): number {
  return p === '/' ? 0 : p.split('/').length - 1;
}

function isDirectory(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Creates the mount points a plan needs inside the session's /tmp directory (aosh's own). */
export function prepareMountPoints(plan: WorldPlan): void {
  for (const { path: p, dir } of plan.mountPoints) {
    mkdirSync(dir ? p : path.dirname(p), { recursive: true, mode: 0o755 });
    if (!dir && !existsSync(p)) writeFileSync(p, '', { mode: 0o644 });
  }
}
