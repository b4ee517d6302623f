// Coprocesses: `coproc [NAME] COMMAND` runs COMMAND as a background job whose stdin and
// stdout are pipes to two fds of the shell, numbered as bash numbers them and stored in the
// array NAME (COPROC) with the job's pid in NAME_PID. The job itself is an ordinary one
// (jobs.ts: `jobs`, `wait`, `$!`); this module keeps what bash's coproc struct keeps:
//  - the shell's two ends are close-on-exec (programs started later never get them, unless
//    a redirection makes one their stdin/stdout/stderr);
//  - `exec N>&-` (or any exec redirection replacing N) closes the end and sets its element
//    to -1, as bash's coproc_fdchk does;
//  - once the coprocess has ended, the next command (or `wait`) disposes of it: both ends
//    are closed and NAME and NAME_PID unset (bash's coproc_reap, at the same points).
import type { Coproc, Stmt } from './ast.js';
import { NONE } from './ast.js';
import type { ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { markFd, pendingWritesOf, safeClose } from './io.js';
import { commandText } from './printer.js';

interface End {
  /** The shell fd number (what NAME holds). */
  n: number;
  /** The OS fd it maps to. */
  os: number;
}

interface Live {
  name: string;
  /** The context that started it: only there are its fds tracked and its variables unset. */
  owner: ShellContext;
  pid: string;
  read: End | null;
  write: End | null;
  dead: boolean;
}

/** bash 5.2 keeps one coprocess (MULTIPLE_COPROCS is off): starting another forgets the first. */
let current: Live | null = null;

/** OS fds of coprocess ends: not passed to programs on fds above 2 (bash sets FD_CLOEXEC). */
const cloexec = new Set<number>();

export function isCloexec(os: number): boolean {
  return cloexec.size > 0 && cloexec.has(os);
}

/** Starts the coprocess; the status is 0, as for `&`. */
export function startCoproc(shell: Shell, cmd: Coproc, ctx: ShellContext): Promise<number> | number {
  if (current && !current.dead) {
    void shell.writeStderr(ctx, `${shell.errorPrefix(ctx)}warning: execute_coproc: coproc [${current.pid}:${current.name}] still exists\n`);
  }
  current = null;
  const native = shell.kernel.native;
  // bash's sh_openpipe moves each end to the highest free fd below 64: the parent keeps the
  // first (its read end) and the fourth (its write end).
  const [prd, cwr] = native.pipe();
  const [crd, pwr] = native.pipe();
  for (const fd of [prd, cwr, crd, pwr]) markFd(fd, false);
  const numbers: number[] = [];
  for (let n = 63; numbers.length < 4 && n > 3; n--) if (!ctx.fds.has(n)) numbers.push(n);
  const rn = numbers[0] ?? 63;
  const wn = numbers[3] ?? 60;
  const stmt: Stmt & { text: string } = {
    kind: 'Stmt',
    andOr: {
      kind: 'AndOr',
      first: { kind: 'Pipeline', negated: false, commands: [cmd.body], stderrToo: NONE, pos: cmd.pos, end: cmd.end },
      rest: NONE,
      pos: cmd.pos,
      end: cmd.end,
    },
    background: true,
    line: ctx.lineno,
    pos: cmd.pos,
    end: cmd.end,
    src: ctx.stmtSrc,
    text: coprocText(cmd, ctx.stmtSrc),
  };
  const started = shell.jobs.startBackground(shell, stmt, ctx, {
    setup: (bg) => {
      bg.fds.delete(rn);
      bg.fds.delete(wn);
      bg.fds.set(0, crd);
      bg.fds.set(1, cwr);
    },
    childFds: [crd, cwr],
    alwaysJob: true,
  });
  // The shell's ends exist once the job does (it was cloned without them).
  ctx.fds.set(rn, prd);
  ctx.fds.set(wn, pwr);
  cloexec.add(prd);
  cloexec.add(pwr);
  return started.then((job) => {
    const live: Live = { name: cmd.name, owner: ctx, pid: ctx.lastBackground, read: { n: rn, os: prd }, write: { n: wn, os: pwr }, dead: false };
    current = live;
    ctx.setArray(cmd.name, [String(rn), String(wn)]);
    ctx.set(`${cmd.name}_PID`, live.pid);
    void job.done.then(() => void (live.dead = true));
    return 0;
  });
}

function coprocText(cmd: Coproc, src: string): string {
  try {
    return commandText(cmd, src);
  } catch {
    return `coproc ${cmd.name}`;
  }
}

/** Before a command: an ended coprocess is disposed of (bash's coproc_reap). */
export function reapCoprocs(ctx: ShellContext): void {
  const c = current;
  if (!c || !c.dead || c.owner !== ctx) return;
  current = null;
  closeEnd(ctx, c.read);
  closeEnd(ctx, c.write);
  ctx.unset(c.name);
  ctx.unset(`${c.name}_PID`);
}

/**
 * The script has ended: the shell's ends of a running coprocess close, as they would when
 * bash exits, so a coprocess that reads until end of input (`coproc cat`) ends too, instead
 * of being waited for forever by the end of the script.
 */
export function closeCoprocAtEnd(ctx: ShellContext): void {
  const c = current;
  if (!c || c.dead || c.owner !== ctx) return;
  closeEnd(ctx, c.read);
  closeEnd(ctx, c.write);
  c.read = c.write = null;
}

export function coprocPending(): boolean {
  return current !== null && current.dead;
}

/**
 * After `exec` changed the shell's fds: an end no longer where it was is closed (when nothing
 * else names it) and its element becomes -1.
 */
export function coprocFdsChanged(ctx: ShellContext): void {
  const c = current;
  if (!c || c.owner !== ctx) return;
  let changed = false;
  if (c.read && ctx.fds.get(c.read.n) !== c.read.os) {
    release(ctx, c.read.os);
    c.read = null;
    changed = true;
  }
  if (c.write && ctx.fds.get(c.write.n) !== c.write.os) {
    release(ctx, c.write.os);
    c.write = null;
    changed = true;
  }
  if (changed) ctx.setArray(c.name, [String(c.read?.n ?? -1), String(c.write?.n ?? -1)]);
}

function closeEnd(ctx: ShellContext, end: End | null): void {
  if (!end) return;
  if (ctx.fds.get(end.n) === end.os) ctx.fds.delete(end.n);
  release(ctx, end.os);
}

/** Closes an end's OS fd unless another shell fd still names it (`exec 5<&63` is a copy in bash). */
function release(ctx: ShellContext, os: number): void {
  for (const v of ctx.fds.values()) if (v === os) return;
  cloexec.delete(os);
  // What was written last may still be on its way into the pipe: close after it.
  const pending = pendingWritesOf(os);
  if (pending) void pending.then(() => safeClose(os), () => safeClose(os));
  else safeClose(os);
}
