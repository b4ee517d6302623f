// The interactive session: history, startup file, job control signals, approvals, and
// the loop prompt -> run -> prompt. ink draws the prompt only while no command runs; a
// running command has the terminal to itself (cooked mode, its own output and signals).
import { appendFileSync, existsSync, readFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { listBuiltins } from '../../builtins/index.js';
import { ExitSignal, type ShellContext } from '../context.js';
import type { Shell } from '../executor.js';
import { parse, ParseError } from '../parser.js';
import { AgentSampler } from './agent-stats.js';
import { ApprovalQueueImpl } from './approval-queue.js';
import { pathCommands, type CompletionSources } from './completion.js';
import type { EditorState } from './editor.js';
import { fastPrompt } from './fast-prompt.js';
import { History } from './history.js';
import { promptString } from './prompt.js';

type UiModule = typeof import('./ui.js');

function write(s: string): void {
  try {
    writeSync(2, s);
  } catch {
    // terminal gone
  }
}

export function isIncomplete(source: string): boolean {
  try {
    parse(source, { interactive: true });
    return false;
  } catch (e) {
    return e instanceof ParseError && e.incomplete;
  }
}

/** Loads the ink UI. ink renders only a final frame when it believes it runs in CI; a terminal session is interactive whatever CI says. */
async function loadUi(): Promise<UiModule> {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  try {
    // A computed specifier: bundlers leave it alone, so ui.js and ink load as real ES modules
    // (ink's graph has top-level await and cannot be require()d from a CommonJS bundle).
    const here = import.meta.url;
    const url = here.includes('/dist/bundle/') ? new URL('../shell/repl/ui.js', here) : new URL('./ui.js', here);
    return (await import(url.href)) as UiModule;
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
  }
}

function timingMark(what: string): void {
  const file = process.env.AOSH_REPL_TIMING;
  if (!file) return;
  try {
    appendFileSync(file, `${what} ${performance.now().toFixed(1)}\n`);
  } catch {
    // best effort
  }
}

/** zsh's PROMPT_SP: when the last output did not end with a newline, mark it and start a fresh line. */
function freshLine(color: boolean): void {
  const cols = process.stderr.columns || 80;
  write((color ? '\x1b[7m%\x1b[27m' : '%') + ' '.repeat(Math.max(0, cols - 1)) + '\r\x1b[K');
}

async function sourceRc(shell: Shell, ctx: ShellContext, aoshHome: string): Promise<number | null> {
  const candidates = [join(aoshHome, 'aoshrc'), join(process.env.HOME || homedir(), '.aoshrc')];
  const file = candidates.find((f) => existsSync(f));
  if (!file) return null;
  try {
    await shell.runSource(readFileSync(file, 'utf8'), ctx, file);
  } catch (e) {
    if (e instanceof ExitSignal) return e.status;
    write(`aosh: ${file}: ${(e as Error).message}\n`);
  }
  return null;
}

function reportDoneJobs(shell: Shell): void {
  for (const j of shell.jobs.list()) {
    if (j.state !== 'done') continue;
    const what = j.status ? `Exit ${j.status}` : 'Done';
    write(`[${j.id}]+  ${what.padEnd(24)}${j.command}\n`);
    shell.jobs.forget(j.id);
  }
}

export async function runRepl(shell: Shell, ctx: ShellContext): Promise<number> {
  const env = process.env;
  const aoshHome = env.AOSH_HOME || join(homedir(), '.aosh');
  const userHome = env.HOME || homedir();
  const color = !env.NO_COLOR && env.TERM !== 'dumb';
  const history = new History(join(aoshHome, 'history')).load();
  let ui: UiModule | null = null;
  const loading = loadUi();
  let loadError: unknown = null;
  loading.then((m) => (ui = m)).catch((e: unknown) => (loadError = e));

  // Ctrl-Z: the terminal stops the foreground processes (they share our process group);
  // aosh itself keeps running, marks them stopped and returns to the prompt.
  process.on('SIGTSTP', () => {
    shell.stopForeground();
  });
  shell.onJobStopped = (job) => write(`\n[${job.id}]+  ${'Stopped'.padEnd(24)}${job.command}\n`);
  // think and agent draw their own spinner on a terminal's stderr (src/builtins/spinner.ts).

  const queue = new ApprovalQueueImpl();
  let atPrompt = false;
  let dialog: Promise<void> | null = null;
  shell.kernel.approvals.setHandler((req, answered) => {
    const answer = queue.ask(req, answered);
    // At the prompt the app shows the dialog; while a command runs, a dialog of its own.
    if (!atPrompt && !dialog) {
      dialog = loading
        .then((m) => m.showApprovals(queue, color))
        .catch(() => queue.decide('deny'))
        .finally(() => (dialog = null));
    }
    return answer;
  });

  const rc = await sourceRc(shell, ctx, aoshHome);
  if (rc !== null) return rc;

  const sampler = new AgentSampler(shell.kernel);
  let panelOpen = false;
  let eofWarned = false;
  let carry: EditorState | undefined;
  let initialInput: string | undefined;
  let first = true;
  for (;;) {
    if (dialog) await dialog;
    reportDoneJobs(shell);
    if (!carry) freshLine(color);
    const columns = process.stderr.columns || 80;
    const agents = shell.kernel.procs.list().filter((e) => e.state === 'running').length;
    if (!ui) {
      const r = await fastPrompt(promptString({ cwd: ctx.cwd, home: userHome, status: ctx.lastStatus, agents, columns }), history.entries, loading, () => timingMark('prompt'));
      if (!r.ui) {
        timingMark(`ui-error ${JSON.stringify((loadError as Error | null)?.stack ?? String(loadError))}`);
        if (process.stdin.isTTY) process.stdin.setRawMode(false);
        write(`aosh: the terminal UI could not be loaded (${(loadError as Error | null)?.message ?? 'unknown error'}); using the plain prompt\n`);
        const { runLineRepl } = await import('../line-repl.js');
        return runLineRepl(shell, ctx);
      }
      ui = r.ui;
      carry = r.editor;
      initialInput = r.pending || undefined;
    }
    const sources: CompletionSources = {
      cwd: ctx.cwd,
      home: userHome,
      builtins: listBuiltins(),
      functions: () => [...ctx.functions.keys()],
      pathCommands: () => pathCommands(ctx.get('PATH')),
      procs: () => shell.kernel.procs.list().map((e) => ({ id: e.id, name: e.name })),
      jobs: () => shell.jobs.list(),
    };
    atPrompt = true;
    const { result, state } = await (ui as UiModule).readCommand(
      {
        cwd: ctx.cwd,
        home: userHome,
        status: ctx.lastStatus,
        history: history.entries,
        editor: carry,
        initialInput,
        sources,
        isIncomplete,
        agents: sampler,
        approvals: queue,
        color,
        panelOpen,
        eofWarned,
      },
      first ? () => timingMark('ink') : undefined,
    );
    atPrompt = false;
    first = false;
    carry = undefined;
    initialInput = undefined;
    panelOpen = state.panelOpen;
    eofWarned = state.eofWarned;
    if (result.kind === 'clear') {
      write('\x1b[H\x1b[2J');
      carry = state.editor;
      continue;
    }
    if (result.kind === 'interrupt') {
      ctx.lastStatus = 130;
      continue;
    }
    if (result.kind === 'eof') {
      write('exit\n');
      return ctx.lastStatus;
    }
    history.add(result.text);
    // The terminal is the job's while it runs: blocking, as programs expect (libuv made it
    // non-blocking for ink; `cat` would read EAGAIN), and non-blocking again for the prompt.
    const ttyBlocking = (on: boolean): void => {
      try {
        if (process.stdin.isTTY) shell.kernel.native.setNonBlocking(0, !on);
      } catch {
        // no addon: nothing to adjust
      }
    };
    ttyBlocking(true);
    try {
      await shell.runSource(result.text, ctx, '');
    } catch (e) {
      if (e instanceof ExitSignal) return e.status;
      throw e;
    } finally {
      ttyBlocking(false);
    }
    // The terminal echoed ^C / ^\ on the job's line: start the prompt below it.
    if (ctx.lastStatus === 130 || ctx.lastStatus === 131) write('\n');
  }
}
