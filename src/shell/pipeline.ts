// Pipelines: `a | b | c` is three stages joined by kernel channels. External stages are
// real processes; builtins, functions and compound commands run as kernel tasks in a copy
// of the context (each stage is a subshell, as in bash) — except the last one under
// `shopt -s lastpipe`, which runs in the shell itself.
import type { Command, Pipeline, Redirect } from './ast.js';
import type { ProcHandle } from '../kernel/kernel.js';
import type { Channel } from '../kernel/channels.js';
import { DiscardSignal, ExitSignal, ReturnSignal, type ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { markFd, pendingWritesOf } from './io.js';
import { withDebug } from './control.js';
import { plainLiteral } from './word-parser.js';
import { getBuiltin } from '../builtins/index.js';
import { childEnded } from './traps.js';

const STDERR_TO_STDOUT: Redirect = {
  kind: 'Redirect', op: '>&', fd: 2, target: { kind: 'Word', parts: [{ kind: 'Lit', value: '1' }], pos: 0, end: 0 }, pos: 0, end: 0,
};

export async function runPipeline(shell: Shell, p: Pipeline, ctx: ShellContext): Promise<number> {
  const n = p.commands.length;
  const kernel = shell.kernel;
  const channels: Channel[] = [];
  for (let i = 0; i < n - 1; i++) {
    const ch = kernel.channel();
    markFd(ch.readFd, false);
    markFd(ch.writeFd, false);
    channels.push(ch);
  }
  const outerLaunch = ctx.launch;
  const handles: ProcHandle[] = [];
  const stageStatus: Array<Promise<number>> = [];
  // Only without job control (set -m turns it off, as in bash).
  const lastpipe = ctx.shopt.lastpipe && !ctx.options.monitor && !shell.interactive && !outerLaunch;

  for (let i = 0; i < n; i++) {
    const cmd = p.commands[i]!;
    if (lastpipe && i === n - 1) {
      // The last stage in the shell itself: its variables stay (`... | read x`).
      const savedFds = ctx.fds;
      ctx.fds = new Map(ctx.fds);
      ctx.fds.set(0, channels[i - 1]!.readFd);
      channels[i - 1]!.reader = 'lastpipe';
      const status = (async () => {
        try {
          const r = shell.runCommand(cmd, ctx);
          return r instanceof Promise ? await r : r;
        } finally {
          ctx.fds = savedFds;
          closeAll(shell, [channels[i - 1]!.readFd]);
        }
      })();
      stageStatus.push(status);
      continue;
    }
    // bash runs the DEBUG trap for a simple stage in the shell, before the stage starts
    // (under set -T the stage has the trap and runs it itself).
    // It forks each stage after setting $BASH_COMMAND to it (a simple one): the shell's is
    // the pipeline's last simple command.
    if (cmd.kind === 'Simple' && ctx.traps.has('DEBUG') && !ctx.options.functrace) await withDebug(shell, ctx, cmd, () => 0);
    else if (cmd.kind === 'Simple' && ctx.inTrap === null) {
      ctx.currentCmd = cmd;
      ctx.currentSrc = ctx.stmtSrc;
    }
    const stage = ctx.clone();
    stage.launch = null;
    stage.ownedFds = [];
    // A stage does not see the shell's jobs (bash clears its table there), but for `jobs` itself
    // (`jobs | grep`) and a program's expansions (`cat <(jobs) | wc`).
    const first = cmd.kind === 'Simple' && cmd.words.length ? plainLiteral(cmd.words[0]!) : null;
    if (cmd.kind !== 'Simple' || (first !== null && first !== 'jobs' && (ctx.functions.has(first) || getBuiltin(first)))) shell.hideJobs(stage);
    if (i > 0) {
      stage.fds.set(0, channels[i - 1]!.readFd);
      stage.ownedFds.push(channels[i - 1]!.readFd);
    }
    // `a |& b`: the 2>&1 comes after a's own redirections (`f 2>/dev/null |& cat` shows f's errors).
    let run: Command = cmd;
    if (i < n - 1) {
      stage.fds.set(1, channels[i]!.writeFd);
      if (p.stderrToo[i]) {
        stage.fds.set(2, channels[i]!.writeFd);
        if ('redirects' in cmd && cmd.redirects.length) run = { ...cmd, redirects: [...cmd.redirects, STDERR_TO_STDOUT] };
      }
      stage.ownedFds.push(channels[i]!.writeFd);
    }
    let launched: ProcHandle | null = null;
    if (cmd.kind === 'Subshell') stage.uncounted++;
    if (cmd.kind === 'Simple') {
      stage.simpleStage = true;
      stage.uncounted++;
      stage.stageUncounted = true;
      stage.launch = (h) => {
        launched = h;
        // Name the channel ends now: a task stage starts running on the next microtask.
        setChannelEnds(channels, i, h.entry.name);
      };
      const status = await runStage(shell, stage, () => shell.runCommand(run, stage));
      if (launched) {
        const h: ProcHandle = launched;
        handles.push(h);
        stageStatus.push(h.done.then((e) => e.status ?? 1));
      } else {
        closeAll(shell, stage.ownedFds);
        stageStatus.push(Promise.resolve(status));
      }
      continue;
    }
    // Compound stage: a task running the command in the stage's context. The channel ends
    // are the task's until it ends (not the first process it starts, as for a simple stage).
    const owned = stage.ownedFds;
    stage.ownedFds = [];
    const h = kernel.runTask({
      name: cmd.kind === 'FunctionDef' ? cmd.name : cmd.kind.toLowerCase(),
      command: cmd.kind.toLowerCase(),
      job: ctx.job,
      parent: ctx.taskId,
      run: async (signal) => {
        stage.abort = signal;
        try {
          return await runStage(shell, stage, () => shell.runCommand(run, stage));
        } finally {
          closeAll(shell, owned);
        }
      },
    });
    stage.taskId = h.entry.id;
    handles.push(h);
    setChannelEnds(channels, i, h.entry.name);
    stageStatus.push(h.done.then((e) => e.status ?? 1));
  }

  if (outerLaunch) {
    for (const h of handles) outerLaunch(h);
    return 0;
  }
  const status = Promise.all(stageStatus).then((statuses) => {
    ctx.pipeStatus = statuses;
    if (ctx.options.pipefail) {
      for (let i = statuses.length - 1; i >= 0; i--) if (statuses[i] !== 0) return statuses[i]!;
      return 0;
    }
    return statuses[statuses.length - 1]!;
  });
  const done = shell.waitForeground(handles, handles.map((h) => h.entry.command).join(' | '), status, undefined, ctx.subshellDepth > 0, ctx);
  // Each stage is a child of the shell in bash (its CHLD trap runs once for each).
  return ctx.traps.has('CHLD') ? done.then((st) => (childEnded(ctx, handles.length), st)) : done;
}

/** Runs a stage body; `exit` in a stage ends only that stage. */
async function runStage(shell: Shell, stage: ShellContext, body: () => number | Promise<number>): Promise<number> {
  try {
    const r = body();
    return r instanceof Promise ? await r : r;
  } catch (e) {
    if (e instanceof ExitSignal || e instanceof ReturnSignal || e instanceof DiscardSignal) return e.status;
    void shell;
    throw e;
  }
}

function setChannelEnds(channels: Channel[], i: number, name: string): void {
  if (i > 0) channels[i - 1]!.reader = name;
  if (i < channels.length) channels[i]!.writer = name;
}

function closeAll(shell: Shell, fds: number[]): void {
  for (const fd of fds.splice(0)) {
    const close = (): void => {
      try {
        shell.kernel.native.close(fd);
      } catch {
        // already closed
      }
    };
    // What the stage wrote last (a trace line, a message) may still be on its way into the
    // pipe: close after it, or it is lost (and could land in whatever reuses the number).
    const pending = pendingWritesOf(fd);
    if (pending) void pending.then(close, close);
    else close();
  }
}
