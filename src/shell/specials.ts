// bash's dynamic specials: RANDOM, SECONDS, LINENO, FUNCNAME, BASH_SOURCE, PIPESTATUS,
// DIRSTACK, BASH_ALIASES... Each is computed from the context when read; assigning some of
// them has an effect (RANDOM seeds, SECONDS restarts, BASH_ALIASES[x]= defines an alias).
import type { ShellContext } from './context.js';
import { A, AssocArray, type Dynamic } from '../lib/vars.js';
import { commandText } from './printer.js';
import { historyEntries } from '../builtins/history.js';

/** $BASH_COMMAND: the running command as bash prints it (`ls 2> /dev/null`). */
export function commandNow(x: ShellContext): string {
  const c = x.currentCmd;
  return c === null ? '' : typeof c === 'string' ? c : commandText(c, x.currentSrc);
}

const startedAt = Date.now();
let rseed = (Date.now() ^ (process.pid << 16)) & 0x7fffffff;
let lastRandom = 0;

/** bash's RANDOM: Park and Miller's minimal standard generator folded to 15 bits, never the same value twice in a row. */
function nextRandom(): number {
  let rv: number;
  do {
    if (rseed === 0) rseed = 123459876;
    const h = Math.trunc(rseed / 127773);
    const l = rseed - 127773 * h;
    const t = 16807 * l - 2836 * h;
    rseed = t < 0 ? t + 0x7fffffff : t;
    rv = ((rseed >>> 16) ^ (rseed & 65535)) & 32767;
  } while (rv === lastRandom);
  lastRandom = rv;
  return rv;
}

function seedRandom(v: string): void {
  const n = Number.parseInt(v.trim(), 10);
  rseed = Number.isFinite(n) ? (n >>> 0) % 4294967296 : 0;
  lastRandom = 0;
}

function dyn(get: (c: ShellContext) => string | undefined, set?: (c: ShellContext, v: string) => void, array?: (c: ShellContext) => string[]): Dynamic {
  return {
    get: (h) => get(h as ShellContext),
    set: set ? (h, v) => set(h as ShellContext, v) : undefined,
    array: array ? (h) => array(h as ShellContext) : undefined,
  };
}

/** FUNCNAME: set only inside a function; a sourced file's frame in it is named "source". */
function funcnames(c: ShellContext): string[] {
  const stack = c.callStack;
  if (!stack.some((f) => f.func !== null)) return [];
  const out: string[] = [];
  for (let i = stack.length - 1; i >= 0; i--) out.push(stack[i]!.func ?? 'source');
  if (c.mainFrame !== null) out.push('main');
  return out;
}

function sources(c: ShellContext): string[] {
  const out = c.callStack.map((f) => f.source).reverse();
  if (c.mainFrame !== null) out.push(c.mainFrame);
  return out;
}

function linenos(c: ShellContext): string[] {
  const out = c.callStack.map((f) => String(f.line)).reverse();
  if (c.mainFrame !== null) out.push('0');
  return out;
}

/** The BASH_ARGV frames, made from the positional parameters now if not yet (bash's init_bash_argv). */
export function argFrames(c: ShellContext): string[][] {
  return (c.argFrames ??= [[...c.positional]]);
}

/**
 * The frames as a reference to BASH_ARGV or BASH_ARGC finds them. bash makes them from the
 * positional parameters of that moment on the first reference outside any function (and
 * outside extdebug, which made them when it was turned on); in a function they stay unmade.
 */
export function shownFrames(c: ShellContext): string[][] | null {
  if (c.argFrames === null && c.funcDepth === 0 && !c.shopt.extdebug) c.argFrames = [[...c.positional]];
  return c.argFrames;
}

/** BASH_ARGV: the innermost frame's arguments first, each frame's last argument first. */
function argv(c: ShellContext): string[] {
  const out: string[] = [];
  const frames = shownFrames(c) ?? [];
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i]!;
    for (let j = f.length - 1; j >= 0; j--) out.push(f[j]!);
  }
  return out;
}

let secondsBase = startedAt;

/** The last $BASHPID given to a subshell (counting up from the shell's pid). */
let subshellPids = process.pid;

/** A number for a subshell or shell run in this process: its $BASHPID (and $$). */
export function newPid(): string {
  return String(++subshellPids);
}

/** The specials bash lists only once assigned (see Variable.invisible). */
const INVISIBLE = new Set(['RANDOM', 'SRANDOM', 'SECONDS', 'LINENO', 'EPOCHSECONDS', 'EPOCHREALTIME', 'HISTCMD', 'BASHPID', 'BASH_SUBSHELL', 'BASH_ARGV0', 'BASH_COMMAND']);

/** Binds the dynamic specials into a new top-level context's store. */
export function installSpecials(c: ShellContext): void {
  const s = c.store;
  const def = (name: string, d: Dynamic, attrs = 0): void => {
    s.vars.set(name, { value: undefined, attrs, level: 0, dyn: d, invisible: INVISIBLE.has(name) || undefined, listedEmpty: name === 'DIRSTACK' || undefined });
  };
  def('RANDOM', dyn(() => String(nextRandom()), (_c, v) => seedRandom(v)), A.integer);
  def('SRANDOM', dyn(() => String((Math.random() * 2 ** 32) >>> 0)), A.integer);
  def('SECONDS', dyn(() => String(Math.floor((Date.now() - secondsBase) / 1000)), (_c, v) => void (secondsBase = Date.now() - (Number(v) || 0) * 1000)), A.integer);
  def('LINENO', dyn((x) => String(x.lineno), () => undefined)); // (bash: no -i, as declare -p shows)
  def('EPOCHSECONDS', dyn(() => String(Math.floor(Date.now() / 1000))));
  // The current command's history number: 0 in a script, as bash says; assignments are ignored.
  def('HISTCMD', dyn(() => String(historyEntries().length), () => undefined), A.integer);
  def('EPOCHREALTIME', dyn(() => (Date.now() / 1000).toFixed(6)));
  def('BASHPID', dyn((x) => x.bashPid ?? String(process.pid), () => undefined), A.integer);
  def('BASH_SUBSHELL', dyn((x) => String(x.subshellDepth - x.uncounted)));
  def('FUNCNAME', { ...dyn((x) => funcnames(x)[0], () => undefined, funcnames), unsetWhenEmpty: true }, A.array);
  def('BASH_SOURCE', dyn((x) => sources(x)[0], () => undefined, sources), A.array);
  def('BASH_LINENO', dyn((x) => linenos(x)[0], () => undefined, linenos), A.array);
  // Unset until the first command has run, as bash's (declare -p PIPESTATUS: not found).
  // Assigning it is allowed (and undone by the next command's statuses, as in bash); so is unset.
  def('PIPESTATUS', {
    ...dyn((x) => (x.pipeStatus.length ? String(x.pipeStatus[0]) : ''), () => undefined, (x) => x.pipeStatus.map(String)),
    setIndex: (h, i, v) => {
      const c = h as ShellContext;
      const next = [...c.pipeStatus];
      next[i] = Number(v) || 0;
      c.pipeStatus = next;
    },
    unsetWhenEmpty: true,
    absentWhenEmpty: true,
    keepOnUnset: true,
  }, A.array);
  // DIRSTACK: the current directory, then the pushd stack from its top (the order dirs prints).
  // Assigning DIRSTACK[i] (1..n) replaces that entry, as in bash; [0] and other indices are ignored.
  def(
    'DIRSTACK',
    {
      ...dyn((x) => x.cwd, () => undefined, (x) => [x.cwd, ...[...x.dirStack].reverse()]),
      setIndex: (h, i, v) => {
        const st = (h as ShellContext).dirStack;
        if (i >= 1 && i <= st.length) st[st.length - i] = v;
      },
    },
    A.array,
  );
  def('BASH_ARGV', dyn((x) => argv(x)[0], () => undefined, argv), A.array);
  const argc = (x: ShellContext): string[] => (shownFrames(x) ?? []).map((f) => String(f.length)).reverse();
  def('BASH_ARGC', dyn((x) => argc(x)[0], () => undefined, argc), A.array);
  def('BASH_ARGV0', dyn((x) => x.scriptName, (x, v) => void (x.scriptName = v)));
  s.vars.set('BASH_ALIASES', {
    value: undefined, attrs: A.assoc, level: 0, listedEmpty: true,
    dyn: {
      get: () => undefined,
      assoc: (h) => {
        const aliases = (h as ShellContext).aliases;
        return copiedTable(aliases.keys(), 64, (k) => aliases.get(k)!);
      },
      // BASH_ALIASES[name]=text defines an alias (unsetting an element leaves it, as in bash).
      setKey: (h, k, v) => void (h as ShellContext).aliases.set(k, v),
    },
  });
  s.vars.set('BASH_CMDS', {
    value: undefined, attrs: A.assoc, level: 0, listedEmpty: true,
    dyn: {
      get: () => undefined,
      assoc: (h) => {
        const hashed = (h as ShellContext).hashed;
        return copiedTable(hashed.keys(), 256, (k) => hashed.get(k)!.path);
      },
      setKey: (h, k, v) => void (h as ShellContext).hashed.set(k, { path: v, hits: 0 }),
    },
  });
  def('_', dyn((x) => x.lastArg, (x, v) => void (x.lastArg = v)));
  def('BASH_COMMAND', dyn(commandNow, () => undefined));
}

/**
 * BASH_ALIASES and BASH_CMDS as bash builds them: its alias (or command) table, of `buckets`
 * buckets, walked bucket by bucket and each entry inserted into a new array of the same size,
 * which reverses each chain (`alias m=1 zz=2` lists zz first: they share a bucket of 64).
 */
function copiedTable(keys: Iterable<string>, buckets: number, value: (k: string) => string): AssocArray {
  const table = new AssocArray(buckets);
  for (const k of keys) table.set(k, '');
  const m = new AssocArray(table.bucketCount);
  for (const k of table.keys()) m.set(k, value(k));
  return m;
}
