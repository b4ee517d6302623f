// Command substitution `$(...)` and process substitution `<(...)` / `>(...)`.
//
// A command substitution runs in a copy of the context whose stdout is a capture (io.ts):
// builtins append to it in memory, so `x=$(echo $i)` costs no process and no pipe; an
// external command in it gets a pipe, read into the same capture in order.
import type { CmdSubst, ProcSubst, Stmt, Word } from './ast.js';
import { Parser, ParseError } from './parser.js';
import { DiscardSignal, ExitSignal, InterruptSignal, type ShellContext } from './context.js';
import { tailCommand } from './tail-exec.js';
import type { Shell } from './executor.js';
import { subshellStatus } from './subshell-run.js';
import { decodeBytes } from '../lib/bytes.js';
import { markFd, newCapture, releaseVirtual, safeClose } from './io.js';
import { errnoText } from './redirect.js';
import { andThen, type MP } from './maybe.js';
import { substText } from './printer.js';
import { childEnded, fatalStatus } from './traps.js';
import { diskPath } from '../lib/disk-path.js';

export function commandSubst(shell: Shell, body: readonly Stmt[], ctx: ShellContext): MP<string> {
  const file = readFileShortcut(body);
  if (file) {
    return andThen(shell.expander(ctx).string(file), (path) => {
      try {
        ctx.substStatus = ctx.lastStatus = 0;
        return dropNul(decodeBytes(shell.kernel.fs.readFile(diskPath(ctx.cwd, path))), shell, ctx);
      } catch (e) {
        void shell.errorLine(ctx, `${path}: ${errnoText(e)}`);
        ctx.substStatus = ctx.lastStatus = 1;
        return '';
      }
    });
  }
  const sub = ctx.clone();
  // Unlike ( ), a substitution stays in the loops around it (bash): `break` there ends it.
  sub.loopDepth = ctx.loopDepth;
  // bash: $(...) does not inherit set -e unless inherit_errexit.
  if (!ctx.shopt.inherit_errexit) sub.options.errexit = false;
  const { fd, capture } = newCapture();
  sub.fds.set(1, fd);
  sub.substLevel++;
  const finish = (status: number): MP<string> => {
    // Its own kill as its last command: a substitution still runs its EXIT trap (bash).
    status = fatalStatus(sub, false) ?? status;
    return andThen(shell.runExitTrap(sub, status), (st) => {
      // $? is the substitution's status at once: `echo $(exit 3) $?` prints 3, as bash.
      ctx.substStatus = ctx.lastStatus = st;
      // bash's substitution is a child: the CHLD trap runs before the next command.
      childEnded(ctx);
      // Jobs started inside belong to the parent's table (bash reports them there too).
      const text = capture.finishSync();
      if (text !== null) {
        releaseVirtual(fd);
        return dropNul(text, shell, ctx);
      }
      return capture.finish().then((t) => {
        releaseVirtual(fd);
        return dropNul(t, shell, ctx);
      });
    });
  };
  let r: MP<number>;
  sub.tailCmd = tailCommand(body);
  try {
    r = shell.runStmts(body, sub);
  } catch (e) {
    return finish(substStatus(e, sub));
  }
  if (r instanceof Promise) return r.then(finish, (e) => finish(substStatus(e, sub)));
  return finish(r);
}

/**
 * The list a substitution runs. bash parses its text again when it runs, so an alias
 * defined since (on the same line, or after the function holding it was defined) applies,
 * and one removed since no longer does. Read again only while there are aliases to expand.
 */
export function substBody(shell: Shell, p: CmdSubst | ProcSubst, ctx: ShellContext): readonly Stmt[] {
  if (p.kind === 'CmdSubst' && p.invalid) return invalidBody(shell, p, ctx);
  if (p.text === undefined || ctx.aliases.size === 0) return numberedBody(shell, p, ctx);
  const opts = shell.parserOptions(ctx, 'subst');
  const text = p.text;
  if (![...ctx.aliases.keys()].some((name) => text.includes(name) && opts.aliases?.(name) !== undefined)) return numberedBody(shell, p, ctx);
  try {
    return new Parser(text, opts, p.line ?? ctx.lineno).parseScript().body;
  } catch {
    return p.body; // (it parsed once without the alias: keep that reading)
  }
}

/**
 * The body of a `$( )` with bash's line numbers: bash runs the text printed from its commands
 * (one statement a line; leading and blank lines gone), numbered from the line of the command
 * the substitution is in. So `echo a $(<newline><newline>echo $LINENO)` on line 1 prints 1.
 * Backquotes run their text as written, from that line too.
 */
function numberedBody(shell: Shell, p: CmdSubst | ProcSubst, ctx: ShellContext): readonly Stmt[] {
  const line = ctx.lineno;
  const src = p.body[0]?.src;
  // Only $LINENO tells (and error messages): other bodies run as parsed.
  if (p.kind !== 'CmdSubst' || p.line === undefined || src === undefined) return p.body;
  if (p.backtick ? p.line === line || !p.text?.includes('LINENO') : p.at === undefined || p.to === undefined || !src.slice(p.at, p.to).includes('LINENO')) return p.body;
  const cached = NUMBERED.get(p);
  if (cached?.line === line) return cached.body;
  let body: readonly Stmt[] = p.body;
  try {
    body = new Parser(p.backtick ? p.text! : substText(p.body, src), shell.parserOptions(ctx, 'subst'), line).parseScript().body;
  } catch {
    // (the text parsed once; if not now, the body as parsed serves)
  }
  NUMBERED.set(p, { line, body });
  return body;
}
const NUMBERED = new WeakMap<CmdSubst, { line: number; body: readonly Stmt[] }>();

/** A backquoted body that does not parse: the error is reported now, the substitution is status 2. */
function invalidBody(shell: Shell, p: CmdSubst, ctx: ShellContext): readonly Stmt[] {
  try {
    new Parser(p.text!, shell.parserOptions(ctx, 'subst'), p.line ?? ctx.lineno).parseScript();
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    shell.reportSyntaxError(ctx, e, p.text!, 'command substitution', p.line ?? ctx.lineno);
  }
  return (EXIT_2 ??= new Parser('exit 2').parseScript().body);
}
let EXIT_2: readonly Stmt[] | undefined;

/** A shell string cannot hold NUL: bash drops them from the output, with one warning. */
function dropNul(s: string, shell: Shell, ctx: ShellContext): string {
  if (!s.includes('\0')) return s;
  void shell.errorLine(ctx, 'warning: command substitution: ignored null byte in input');
  return s.replace(/\0/g, '');
}

/** `$(< file)`: bash reads the file directly instead of running a command. */
function readFileShortcut(body: readonly Stmt[]): Word | null {
  if (body.length !== 1 || body[0]!.background) return null;
  const { first, rest } = body[0]!.andOr;
  if (rest.length || first.negated || first.commands.length !== 1) return null;
  const cmd = first.commands[0]!;
  if (cmd.kind !== 'Simple' || cmd.words.length || cmd.assigns.length || cmd.redirects.length !== 1) return null;
  const r = cmd.redirects[0]!;
  return r.op === '<' && (r.fd === null || r.fd === 0) ? r.target : null;
}

/**
 * `<(list)`: the list runs as a task writing to a pipe, and the word becomes /dev/fd/N for
 * the reading end (N from 63 down, as bash picks). `>(list)` is the other way round. The
 * fd is closed when the command using it has finished.
 */
export function procSubst(shell: Shell, p: ProcSubst, ctx: ShellContext): string {
  const [rd, wr] = shell.kernel.native.pipe();
  markFd(rd, false);
  markFd(wr, false);
  const mine = p.dir === '<' ? rd : wr;
  const theirs = p.dir === '<' ? wr : rd;
  let n = 63;
  while (ctx.fds.has(n)) n--;
  ctx.fds.set(n, mine);
  (ctx.procSubstFds ??= []).push({ shellFd: n, osFd: mine });
  const task = ctx.clone();
  task.launch = null;
  task.traps.clear();
  task.fds.delete(n);
  task.fds.set(p.dir === '<' ? 1 : 0, theirs);
  task.substLevel++; // traced one level in, as $( ) is
  task.loopDepth = ctx.loopDepth; // (as $( )'s)
  const h = shell.kernel.runTask({
    name: 'procsub',
    command: p.dir === '<' ? '<(...)' : '>(...)',
    job: ctx.job,
    parent: ctx.taskId,
    run: async (signal) => {
      task.abort = signal;
      try {
        const r = shell.runStmts(substBody(shell, p, ctx), task);
        return r instanceof Promise ? await r : r;
      } catch (e) {
        if (e instanceof ExitSignal) return e.status;
        return subshellStatus(e, task);
      } finally {
        safeClose(theirs);
      }
    },
  });
  ctx.lastProcSubst = h;
  // $! names it, as in bash (`wait $!` waits for it).
  ctx.lastBackground = String(h.entry.pid ?? h.entry.id);
  return `/dev/fd/${n}`;
}

/**
 * Closes the process substitution fds a finished command was given: those opened since
 * `mark` (the list's length when the command started), so that `while read; do …; done
 * < <(…)` keeps its fd while the commands of the body come and go.
 */
/** The shell's ends of process substitutions `exec` kept (`exec > >(tr a-z A-Z)`). */
const KEPT_SUBST_FDS = new Set<number>();

/**
 * At the end of the script: closes the kept ends of process substitutions the shell no longer
 * uses (or all of them, `all`, after the EXIT trap), so that they read their end of input and
 * finish, as bash's do when it exits. True when some are still in use.
 */
export function closeKeptSubstFds(ctx: ShellContext, all: boolean): boolean {
  const used = new Set(ctx.fds.values());
  let held = false;
  for (const fd of KEPT_SUBST_FDS) {
    if (!all && used.has(fd)) {
      held = true;
      continue;
    }
    safeClose(fd);
    KEPT_SUBST_FDS.delete(fd);
  }
  return held;
}

export function closeProcSubsts(ctx: ShellContext, mark = 0, after?: Promise<unknown>): void {
  const list = ctx.procSubstFds;
  if (!list || list.length <= mark) return;
  const taken = list.splice(mark);
  const close = (): void => {
    for (const { shellFd, osFd } of taken) {
      if (ctx.fds.get(shellFd) === osFd) ctx.fds.delete(shellFd);
      // `exec 3< <(…)`: fd 3 is the same open file (bash dups it): it stays open.
      let kept = false;
      for (const v of ctx.fds.values()) if (v === osFd) kept = true;
      if (!kept) safeClose(osFd);
      else KEPT_SUBST_FDS.add(osFd);
    }
  };
  // A function or builtin launched as a pipeline stage reads them after this returns.
  if (after) void after.finally(close);
  else close();
}

/** A command substitution's child ends with 1 on any discard (bash parses and runs its text). */
function substStatus(e: unknown, sub: ShellContext): number {
  if (e instanceof DiscardSignal && !(e instanceof InterruptSignal)) return 1;
  return subshellStatus(e, sub);
}
