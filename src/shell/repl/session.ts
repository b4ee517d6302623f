// The interactive session: history, startup file, job control signals, approvals, and
// the loop prompt -> run -> prompt. ink draws the prompt only while no command runs; a
// running command has the terminal to itself (cooked mode, its own output and signals).
import { appendFileSync, existsSync, mkdirSync, writeFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { listBuiltins } from '../../builtins/index.js';
import { doneText } from '../../builtins/jobs.js';
import { signalDescription } from '../../kernel/signals.js';
import { variableNames } from '../../builtins/complete-core.js';
import { makeShellAccess } from '../shell-access.js';
import { ExitSignal, type ShellContext } from '../context.js';
import type { Shell } from '../executor.js';
import { parse, ParseError } from '../parser.js';
import { AgentSampler } from './agent-stats.js';
import { ApprovalQueueImpl } from './approval-queue.js';
import { pathCommands, type CompletionSources } from './completion.js';
import { programmableSource } from './progcomp.js';
import type { EditorState } from './editor.js';
import { fastPrompt } from './fast-prompt.js';
import { History } from './history.js';
import { Keyboard } from './keyboard.js';
import { BackgroundLogs } from './bg-logs.js';
import { expandPs1, runPromptCommand } from './ps1.js';
import { setBackgroundOutput } from '../../builtins/background-output.js';
import { setHistorySource } from '../../builtins/history.js';
import { VERSION } from '../../version.js';
import { promptString } from './prompt.js';
import { expandHistory } from './hist-expand.js';
import { clearInterrupt } from '../traps.js';
import { sourceRc } from '../rc.js';

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

/** One line the first time aosh starts interactively for this $AOSH_HOME. */
function welcome(aoshHome: string, color: boolean): void {
  const marker = join(aoshHome, '.welcomed');
  if (existsSync(marker)) return;
  const dim = (t: string): string => (color ? `\x1b[2m${t}\x1b[22m` : t);
  write(dim(`aosh ${VERSION}. help lists the builtins, NAME --help explains one, Ctrl-T shows agents.`) + '\n');
  try {
    mkdirSync(aoshHome, { recursive: true });
    writeFileSync(marker, `${new Date().toISOString()}\n`);
  } catch {
    // an unwritable home: the line shows again next time, nothing worse
  }
}

function reportDoneJobs(shell: Shell): void {
  const all = shell.jobs.list();
  for (const [i, j] of all.entries()) {
    if (j.state !== 'done') continue;
    // bash's marks: + the current (newest) job, - the one before it.
    const mark = i === all.length - 1 ? '+' : i === all.length - 2 ? '-' : ' ';
    write(`[${j.id}]${mark}  ${doneText(j).padEnd(24)}${j.command}\n`);
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
  // bash names the signal a foreground job died of, except Ctrl-C's and a closed pipe's.
  let named = false;
  shell.onJobSignaled = (sig) => {
    named = sig !== 'SIGINT' && sig !== 'SIGPIPE';
    if (named) write(`${signalDescription(sig)}\n`);
  };
  shell.onJobStopped = (job) => write(`\n[${job.id}]+  ${'Stopped'.padEnd(24)}${job.command}\n`);
  // think and agent draw their own spinner on a terminal's stderr (src/builtins/spinner.ts).

  // The one reader of the terminal (see keyboard.ts). A closed terminal ends the session as SIGHUP does.
  const keyboard = new Keyboard(process.stdin);
  keyboard.onHangup = () => process.emit('SIGHUP', 'SIGHUP');

  const queue = new ApprovalQueueImpl();
  let atPrompt = false;
  let dialog: Promise<void> | null = null;
  shell.kernel.approvals.setHandler((req, answered) => {
    const answer = queue.ask(req, answered);
    // At the prompt the app shows the dialog; while a command runs, a dialog of its own.
    if (!atPrompt && !dialog) {
      dialog = loading
        .then((m) => m.showApprovals(queue, keyboard, color))
        .catch(() => queue.decide('deny'))
        .finally(() => (dialog = null));
    }
    return answer;
  });

  // Background output goes to logs, announced at the next prompt (bg-logs.ts); `history` reads ours.
  const logs = new BackgroundLogs(join(aoshHome, 'logs'), userHome);
  setBackgroundOutput(logs);
  setHistorySource(history);
  shell.onJobStarted = (job) => write(`[${job.id}] ${job.pids[job.pids.length - 1] ?? `%${job.id}`}\n`);
  shell.kernel.events.on('exited', (ev) => logs.ended(ev.data.id, ev.data.exitCode, ev.data.signal));

  // PS1 comes from aoshrc (or the session), not from a parent shell's environment.
  ctx.store.vars.delete('PS1');
  // `!!`, `!$`, `^a^b` at the prompt, as in interactive bash (`set +H` in aoshrc turns it off).
  ctx.options.histexpand = true;
  const rc = await sourceRc(shell, ctx, aoshHome, write);
  if (rc !== null) return rc;
  welcome(aoshHome, color);

  const sampler = new AgentSampler(shell.kernel, logs);
  let commands = 0;
  let panelOpen = false;
  let eofWarned = false;
  let carry: EditorState | undefined;
  let first = true;
  // "There are stopped jobs." holds the first exit (or Ctrl-D); a second one right after ends them, as in bash.
  let warned = false;
  const stoppedJobsWarn = (again: boolean): boolean => {
    warned = false;
    if (again || !shell.jobs.list().some((j) => j.state === 'stopped')) return false;
    write('There are stopped jobs.\n');
    warned = true;
    return true;
  };
  for (;;) {
    if (dialog) await dialog;
    reportDoneJobs(shell);
    for (const line of logs.notices()) write(line + '\n');
    if (!carry) {
      const exit = await runPromptCommand(shell, ctx);
      if (exit !== null) return exit;
      freshLine(color);
    }
    const columns = process.stderr.columns || 80;
    const agents = shell.kernel.procs.list().filter((e) => e.state === 'running').length;
    const custom = await expandPs1(shell, ctx, { cwd: ctx.cwd, home: userHome, jobs: shell.jobs.list().length, historyNumber: history.entries.length + 1, commandNumber: commands + 1, version: VERSION });
    // The prompt shows: the keyboard is read (and keeps the event loop alive) until a line is done.
    keyboard.start();
    if (!ui) {
      const r = await fastPrompt(promptString({ custom, cwd: ctx.cwd, home: userHome, status: ctx.lastStatus, agents, columns }), history.entries, keyboard, loading, () => timingMark('prompt'), ctx.options.vi ? 'vi' : 'emacs');
      if (!r.ui) {
        timingMark(`ui-error ${JSON.stringify((loadError as Error | null)?.stack ?? String(loadError))}`);
        keyboard.stop();
        keyboard.dispose();
        write(`aosh: the terminal UI could not be loaded (${(loadError as Error | null)?.message ?? 'unknown error'}); using the plain prompt\n`);
        const { runLineRepl } = await import('../line-repl.js');
        return runLineRepl(shell, ctx);
      }
      ui = r.ui;
      carry = r.editor;
    }
    const sources: CompletionSources = {
      cwd: ctx.cwd,
      home: userHome,
      fs: shell.kernel.fs,
      builtins: listBuiltins(),
      functions: () => [...ctx.functions.keys()],
      pathCommands: () => pathCommands(ctx.get('PATH'), shell.kernel.fs),
      procs: () => shell.kernel.procs.list().map((e) => ({ id: e.id, name: e.name })),
      jobs: () => shell.jobs.list(),
      variables: () => variableNames(makeShellAccess(shell, ctx), 'all'),
      programmable: programmableSource(shell, ctx, write),
    };
    atPrompt = true;
    const { result, state } = await (ui as UiModule).readCommand(
      {
        prompt: custom,
        cwd: ctx.cwd,
        home: userHome,
        status: ctx.lastStatus,
        history: history.entries,
        editor: carry,
        keys: keyboard,
        sources,
        isIncomplete,
        agents: sampler,
        approvals: queue,
        color,
        panelOpen,
        eofWarned,
        keymap: ctx.options.vi ? 'vi' : 'emacs',
      },
      first ? () => timingMark('ink') : undefined,
    );
    atPrompt = false;
    first = false;
    carry = undefined;
    panelOpen = state.panelOpen;
    eofWarned = state.eofWarned;
    if (result.kind === 'clear') {
      write('\x1b[H\x1b[2J');
      carry = state.editor;
      continue;
    }
    if (result.kind === 'interrupt') {
      // The terminal drops typed-ahead input on ^C; so do we (the rest of a paste).
      keyboard.clear();
      ctx.lastStatus = 130;
      continue;
    }
    if (result.kind === 'eof') {
      keyboard.stop();
      write('exit\n');
      if (stoppedJobsWarn(warned)) continue;
      return ctx.lastStatus;
    }
    let text = result.text;
    if (ctx.options.histexpand && (text.includes('!') || text.startsWith('^'))) {
      const h = expandHistory(text, history.entries);
      if (h.kind === 'error') {
        // bash: one line, nothing run, nothing added to the history.
        write(`aosh: ${h.message}\n`);
        continue;
      }
      if (h.kind === 'expanded') {
        // bash shows the command it is about to run (and, for :p, only shows it).
        write(h.text + '\n');
        text = h.text;
        if (h.printOnly) {
          history.add(text);
          continue;
        }
      }
    }
    history.add(text);
    commands++;
    const warnedBefore = warned;
    warned = false;
    // The command owns the terminal until it ends (cooked mode, its own reads).
    keyboard.stop();
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
    // A Ctrl-C that reached aosh at the prompt (kill -INT) does not cut this line short.
    clearInterrupt();
    named = false;
    try {
      // Input ended by Ctrl-D is parsed as a script's end (not "needs more"): a here-document
      // runs with bash's warning, an open `if` is bash's one-line syntax error.
      await shell.runSource(text, ctx, result.eof ? 'stdin' : '');
    } catch (e) {
      if (!(e instanceof ExitSignal)) throw e;
      // bash's interactive exit: "exit" on the terminal, and a stopped job holds it once.
      write('exit\n');
      if (!stoppedJobsWarn(warnedBefore)) return e.status;
      ctx.lastStatus = 1;
    } finally {
      ttyBlocking(false);
    }
    // The terminal echoed ^C / ^\ on the job's line: start the prompt below it, and
    // forget the rest of a paste, as the terminal does.
    if (ctx.lastStatus === 130 || ctx.lastStatus === 131) {
      // ("^\Quit" already ended that line.)
      if (!named) write('\n');
      keyboard.clear();
    }
  }
}
