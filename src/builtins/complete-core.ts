// What complete, compgen and compopt share: reading their options into a spec, printing a
// spec as bash does (`complete -p`), and generating the completions a spec gives for a word
// (compgen, and Tab in the REPL). Files and directories are listed through the session's
// world (kernel.fs): a name the world hides is never offered.
import { constants } from 'node:fs';
import { resolve } from 'node:path';
import { ACTION_LETTERS, ACTIONS, COMP_OPTIONS, DEFAULT_CMD, EMPTY_CMD, INITIAL_WORD, emptySpec, type Action, type CompSpec } from '../lib/compspec.js';
import { singleQuote } from '../lib/quote.js';
import { matchPattern } from '../lib/pattern.js';
import { A } from '../lib/vars.js';
import { isDir, type FileView } from '../kernel/fs-view.js';
import { listBuiltins } from './index.js';
import type { ShellAccess } from './types.js';

export const COMPLETE_USAGE =
  'complete [-abcdefgjksuv] [-pr] [-DEI] [-o option] [-A action] [-G globpat] [-W wordlist] [-F function] [-C command] [-X filterpat] [-P prefix] [-S suffix] [name ...]';
export const COMPGEN_USAGE =
  'compgen [-abcdefgjksuv] [-o option] [-A action] [-G globpat] [-W wordlist] [-F function] [-C command] [-X filterpat] [-P prefix] [-S suffix] [word]';

/** A bad option: the message, and whether the usage line follows it. Status 2. */
export class CompError extends Error {
  constructor(
    message: string,
    readonly usage: boolean,
  ) {
    super(message);
  }
}

export interface ParsedComp {
  spec: CompSpec;
  /** Any option at all was given (compgen without one does nothing). */
  given: boolean;
  p: boolean;
  r: boolean;
  /** -D / -E / -I: the special name the spec is kept under. */
  special: string | null;
  rest: string[];
}

/** Reads bash's options for complete ('complete'), compgen ('compgen'). */
export function parseComp(args: string[], which: 'complete' | 'compgen'): ParsedComp {
  const spec = emptySpec();
  const r: ParsedComp = { spec, given: false, p: false, r: false, special: null, rest: [] };
  const withValue = 'AoGWFCXPS';
  const plain = which === 'complete' ? 'abcdefgjksuvprDEI' : 'abcdefgjksuv';
  let D = false;
  let E = false;
  let I = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let k = 1; k < a.length; k++) {
      const c = a[k]!;
      if (withValue.includes(c)) {
        let v = a.slice(k + 1);
        if (!v) {
          if (i + 1 >= args.length) throw new CompError(`-${c}: option requires an argument`, true);
          v = args[++i]!;
        }
        r.given = true;
        setValue(spec, c, v);
        break;
      }
      if (!plain.includes(c)) throw new CompError(`-${c}: invalid option`, true);
      r.given = true;
      if (c === 'p') r.p = true;
      else if (c === 'r') r.r = true;
      else if (c === 'D') D = true;
      else if (c === 'E') E = true;
      else if (c === 'I') I = true;
      else spec.actions.add(ACTION_LETTERS[c]!);
    }
  }
  r.rest = args.slice(i);
  r.special = D ? DEFAULT_CMD : E ? EMPTY_CMD : I ? INITIAL_WORD : null;
  return r;
}

function setValue(spec: CompSpec, c: string, v: string): void {
  switch (c) {
    case 'A':
      if (!(ACTIONS as readonly string[]).includes(v)) throw new CompError(`${v}: invalid action name`, false);
      spec.actions.add(v as Action);
      return;
    case 'o':
      if (!(COMP_OPTIONS as readonly string[]).includes(v)) throw new CompError(`${v}: invalid option name`, false);
      spec.options.add(v);
      return;
    case 'G':
      spec.glob = v;
      return;
    case 'W':
      spec.words = v;
      return;
    case 'F':
      // bash refuses a name with a blank or a metacharacter (status 2), any other is taken.
      if (/[\s|&;()<>]/.test(v)) throw new CompError(`\`${v}': not a valid identifier`, false);
      spec.func = v;
      return;
    case 'C':
      spec.command = v;
      return;
    case 'X':
      spec.filter = v;
      return;
    case 'P':
      spec.prefix = v;
      return;
    case 'S':
      spec.suffix = v;
  }
}

/** The name as `complete -p` shows it (-D, -E, -I for the special specs). */
export function displayName(name: string): string {
  if (name === DEFAULT_CMD) return '-D';
  if (name === EMPTY_CMD) return '-E';
  if (name === INITIAL_WORD) return '-I';
  // Quoted when it holds a shell metacharacter (bash's sh_contains_shell_metas).
  return /[\s'"\\|&;()<>!{}*[?\]^$`]|^[~#]|[=:]~/.test(name) ? singleQuote(name) : name;
}

const LONG_ACTIONS: Action[] = ['arrayvar', 'binding', 'disabled', 'enabled', 'function', 'helptopic', 'hostname', 'running', 'setopt', 'shopt', 'signal', 'stopped'];

/** One spec in bash's reusable form: `complete -o nospace -W 'a b' bar`. */
export function printSpec(name: string, s: CompSpec): string {
  let out = 'complete ';
  for (const o of COMP_OPTIONS) if (s.options.has(o)) out += `-o ${o} `;
  for (const [letter, action] of Object.entries(ACTION_LETTERS)) if (s.actions.has(action)) out += `-${letter} `;
  for (const action of LONG_ACTIONS) if (s.actions.has(action)) out += `-A ${action} `;
  if (s.glob !== undefined) out += `-G ${singleQuote(s.glob)} `;
  if (s.words !== undefined) out += `-W ${singleQuote(s.words)} `;
  if (s.prefix !== undefined) out += `-P ${singleQuote(s.prefix)} `;
  if (s.suffix !== undefined) out += `-S ${singleQuote(s.suffix)} `;
  if (s.filter !== undefined) out += `-X ${singleQuote(s.filter)} `;
  if (s.command !== undefined) out += `-C ${singleQuote(s.command)} `;
  if (s.func !== undefined) out += `-F ${s.func} `;
  return `${out}${displayName(name)}\n`;
}

/** `compopt NAME` with no option: every option with -o (on) or +o (off). */
export function printOptions(name: string, s: CompSpec): string {
  let out = 'compopt ';
  for (const o of COMP_OPTIONS) out += `${s.options.has(o) ? '-o' : '+o'} ${o} `;
  return `${out}${displayName(name)}\n`;
}

// ---- generating --------------------------------------------------------------------------

export const KEYWORDS = ['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time', '{', '}', '!', '[[', ']]', 'coproc'];

const HELP_TOPICS = (
  '%|(( ... ))|.|:|[|[[ ... ]]|alias|bg|bind|break|builtin|caller|case|cd|command|compgen|complete|compopt|continue|coproc|declare|dirs|disown|' +
  'echo|enable|eval|exec|exit|export|false|fc|fg|for|for ((|function|getopts|hash|help|history|if|jobs|kill|let|local|logout|mapfile|popd|' +
  'printf|pushd|pwd|read|readarray|readonly|return|select|set|shift|shopt|source|suspend|test|time|times|trap|true|type|typeset|ulimit|umask|' +
  'unalias|unset|until|variables|wait|while|{ ... }'
).split('|');

const SIGNALS = (
  'EXIT SIGHUP SIGINT SIGQUIT SIGILL SIGTRAP SIGABRT SIGBUS SIGFPE SIGKILL SIGUSR1 SIGSEGV SIGUSR2 SIGPIPE SIGALRM SIGTERM SIGSTKFLT SIGCHLD ' +
  'SIGCONT SIGSTOP SIGTSTP SIGTTIN SIGTTOU SIGURG SIGXCPU SIGXFSZ SIGVTALRM SIGPROF SIGWINCH SIGIO SIGPWR SIGSYS SIGJUNK(32) SIGJUNK(33) SIGRTMIN ' +
  Array.from({ length: 15 }, (_, i) => `SIGRTMIN+${i + 1}`).join(' ') +
  ' ' +
  Array.from({ length: 14 }, (_, i) => `SIGRTMAX-${14 - i}`).join(' ') +
  ' SIGRTMAX DEBUG ERR RETURN'
).split(' ');

/** What generating needs: the shell, its world's files, and somewhere to write warnings. */
export interface GenEnv {
  shell: ShellAccess;
  fs: Pick<FileView, 'readdir' | 'stat' | 'access' | 'readFile'>;
  warn(text: string): Promise<void> | void;
  /** "NAME: line N: " before messages. */
  errorPrefix: string;
}

/** The word being completed and where it is; from compgen, COMP_CWORD is -1 and there are no words. */
export interface GenRequest {
  word: string;
  cmd: string;
  prev: string;
  line: string;
  point: number;
  words: string[] | null;
  cword: number;
  key: number;
  type: number;
}

export function compgenRequest(word: string): GenRequest {
  return { word, cmd: 'compgen', prev: '', line: '', point: 0, words: null, cword: -1, key: 0, type: 0 };
}

/** readline's filename completion: entries of the word's directory that start with its last part. */
export function fileMatches(env: GenEnv, word: string, dirsOnly = false): string[] {
  const sh = env.shell;
  const slash = word.lastIndexOf('/');
  const userDir = slash >= 0 ? word.slice(0, slash + 1) : '';
  const base = slash >= 0 ? word.slice(slash + 1) : word;
  let dir = userDir || '.';
  if (dir.startsWith('~')) {
    const end = dir.indexOf('/');
    const user = dir.slice(1, end);
    const home = user === '' ? sh.getVar('HOME') : undefined;
    if (home !== undefined) dir = home + dir.slice(end);
  }
  const abs = resolve(sh.cwd, dir);
  let names: string[];
  try {
    names = env.fs.readdir(abs);
  } catch {
    return [];
  }
  if (base !== '') names = ['.', '..', ...names];
  const out: string[] = [];
  for (const n of names) {
    if (!n.startsWith(base)) continue;
    if (dirsOnly) {
      const st = env.fs.stat(resolve(abs, n));
      if (!st || !isDir(st)) continue;
    }
    out.push(userDir + n);
  }
  return out;
}

function prefixed(list: Iterable<string>, word: string): string[] {
  const out: string[] = [];
  for (const x of list) if (x.startsWith(word)) out.push(x);
  return out;
}

function sorted(list: string[]): string[] {
  return list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Names from a colon-separated system file (/etc/passwd, /etc/group) through the world. */
function dbNames(env: GenEnv, path: string): string[] {
  try {
    return env.fs
      .readFile(path)
      .toString('utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(':')[0]!);
  } catch {
    return [];
  }
}

function hostNames(env: GenEnv): string[] {
  const file = env.shell.getVar('HOSTFILE') || '/etc/hosts';
  try {
    const out: string[] = [];
    for (const l of env.fs.readFile(file).toString('utf8').split('\n')) {
      const fields = l.replace(/#.*/, '').trim().split(/\s+/);
      out.push(...fields.slice(1).filter(Boolean));
    }
    return out;
  } catch {
    return [];
  }
}

function serviceNames(env: GenEnv): string[] {
  try {
    const out: string[] = [];
    for (const l of env.fs.readFile('/etc/services').toString('utf8').split('\n')) {
      const fields = l.replace(/#.*/, '').trim().split(/\s+/);
      if (fields.length < 2) continue;
      out.push(fields[0]!, ...fields.slice(2));
    }
    return out;
  } catch {
    return [];
  }
}

function commandMatches(env: GenEnv, word: string): string[] {
  const sh = env.shell;
  if (word.includes('/')) {
    return fileMatches(env, word).filter((p) => {
      const st = env.fs.stat(resolve(sh.cwd, p));
      return st !== null && (isDir(st) || env.fs.access(resolve(sh.cwd, p), constants.X_OK));
    });
  }
  const out = [
    ...prefixed(sorted([...sh.aliases.keys()]), word),
    ...prefixed(KEYWORDS, word),
    ...prefixed(sorted(sh.functionNames()), word),
    ...prefixed(enabledBuiltins(sh), word),
  ];
  for (const dir of (sh.getVar('PATH') ?? '').split(':')) {
    const d = resolve(sh.cwd, dir || '.');
    let names: string[];
    try {
      names = env.fs.readdir(d);
    } catch {
      continue;
    }
    for (const n of names) {
      if (!n.startsWith(word)) continue;
      const p = resolve(d, n);
      const st = env.fs.stat(p);
      if (st && !isDir(st) && env.fs.access(p, constants.X_OK)) out.push(n);
    }
  }
  return out;
}

function enabledBuiltins(sh: ShellAccess): string[] {
  return listBuiltins()
    .map((b) => b.name)
    .filter((n) => !sh.disabledBuiltins.has(n));
}

/** The names compgen -v (-e, -A arrayvar) lists; the REPL's Tab completes `$NA` from them too. */
export function variableNames(sh: ShellAccess, which: 'all' | 'export' | 'array'): string[] {
  const out: string[] = [];
  const environ = which === 'export' ? sh.environment() : {};
  for (const n of sh.vars.names()) {
    const v = sh.vars.raw(n);
    // Declared without a value (`declare -a x`, FUNCNAME outside functions): not listed, as bash.
    if (!v || v.noValue || (v.dyn?.unsetWhenEmpty && !sh.vars.isSet(n))) continue;
    if (which === 'array') {
      if (v.arr || v.assoc || v.attrs & (A.array | A.assoc)) out.push(n);
      continue;
    }
    if (v.value === undefined && !v.arr && !v.assoc && !v.dyn) continue;
    if (which === 'export' && !(n in environ)) continue;
    out.push(n);
  }
  return out;
}

/** One action's matches for the word, in bash's order for it. */
function actionMatches(env: GenEnv, action: Action, word: string): string[] {
  const sh = env.shell;
  switch (action) {
    case 'alias':
      return prefixed(sorted([...sh.aliases.keys()]), word);
    case 'arrayvar':
      return prefixed(variableNames(sh, 'array'), word);
    case 'binding':
      return [];
    case 'builtin':
    case 'enabled':
      return prefixed(enabledBuiltins(sh), word);
    case 'disabled':
      return prefixed(sorted([...sh.disabledBuiltins]), word);
    case 'export':
      return prefixed(variableNames(sh, 'export'), word);
    case 'function':
      return prefixed(sorted(sh.functionNames()), word);
    case 'helptopic':
      return prefixed(HELP_TOPICS, word);
    case 'hostname':
      return prefixed(hostNames(env), word);
    case 'job':
    case 'running':
    case 'stopped': {
      const jobs = sh.jobs.list().filter((j) => action === 'job' || j.state === action);
      return prefixed(
        jobs.map((j) => j.command.trim().split(/\s+/)[0] ?? ''),
        word,
      );
    }
    case 'keyword':
      return prefixed(KEYWORDS, word);
    case 'setopt':
      return prefixed(Object.keys(sh.options()), word);
    case 'shopt':
      return prefixed(Object.keys(sh.shopt), word);
    case 'signal':
      return prefixed(SIGNALS, word);
    case 'variable':
      return prefixed(variableNames(sh, 'all'), word);
    case 'command':
      return commandMatches(env, word);
    case 'file':
      return fileMatches(env, word);
    case 'user':
      return prefixed(dbNames(env, '/etc/passwd'), word);
    case 'group':
      return prefixed(dbNames(env, '/etc/group'), word);
    case 'service':
      return prefixed(serviceNames(env), word);
    case 'directory':
      return fileMatches(env, word, true);
  }
}

/** Splits a -W list at IFS characters outside quotes, as bash's split_at_delims does. */
export function splitWordlist(text: string, ifs: string): string[] {
  const out: string[] = [];
  let cur = '';
  let have = false;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      cur += c;
      if (c === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i];
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '\\' && i + 1 < text.length) {
      cur += c + text[++i];
      have = true;
      continue;
    }
    if (c === '$' && (text[i + 1] === "'" || text[i + 1] === '"')) {
      // $'...' and $"..." are the parser's, not the expansion's: bash keeps the $ here.
      cur += '\\$';
      have = true;
      continue;
    }
    if ((c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) || c === '`') {
      // A substitution is one piece: $(...), ${...}, `...`.
      const end = substEnd(text, i);
      cur += text.slice(i, end);
      i = end - 1;
      have = true;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      cur += c;
      have = true;
      continue;
    }
    if (ifs.includes(c)) {
      const white = c === ' ' || c === '\t' || c === '\n';
      if (have || !white) out.push(cur);
      cur = '';
      have = false;
      continue;
    }
    // (A backslash that ends the list escapes nothing: bash drops it.)
    if (c !== '\\') cur += c;
    have = true;
  }
  // An unterminated quote runs to the end of the list, as bash reads it.
  if (quote) cur = (quote === '"' && /(?:^|[^\\])(?:\\\\)*\\$/.test(cur) ? cur.slice(0, -1) : cur) + quote;
  if (have) out.push(cur);
  return out;
}

/** Where the substitution starting at i ends (just after its closer, or the end of text). */
function substEnd(text: string, i: number): number {
  if (text[i] === '`') {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === '`') return j + 1;
    }
    return text.length;
  }
  const open = text[i + 1]!;
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  let quote: string | null = null;
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j]!;
    if (quote) {
      if (c === '\\' && quote === '"') j++;
      else if (c === quote) quote = null;
    } else if (c === '\\') j++;
    else if (c === '"' || c === "'") quote = c;
    else if (c === open) depth++;
    else if (c === close && --depth === 0) return j + 1;
  }
  return text.length;
}

/** -X: `&` stands for the word (`\&` is a literal &); a leading `!` keeps the matches instead. */
function filterOut(list: string[], pattern: string, word: string, extglob: boolean): string[] {
  let pat = pattern;
  let keep = false;
  if (pat.startsWith('!')) {
    keep = true;
    pat = pat.slice(1);
  }
  pat = pat.replace(/\\&|&/g, (m) => (m === '&' ? word.replace(/[\\*?[\]]/g, '\\$&') : m));
  return list.filter((x) => matchPattern(pat, x, { extglob }) === keep);
}

async function functionMatches(env: GenEnv, spec: CompSpec, req: GenRequest): Promise<string[]> {
  const sh = env.shell;
  const fn = spec.func!;
  if (!sh.functionNames().includes(fn)) {
    await env.warn(`${env.errorPrefix}completion: function \`${fn}' not found\n`);
    return [];
  }
  bindCompVars(sh, req);
  sh.unsetVar('COMPREPLY');
  try {
    await sh.runCommand([fn, req.cmd, req.word, req.prev], { skipFunctions: false });
  } finally {
    unbindCompVars(sh);
  }
  const arr = sh.vars.indexed('COMPREPLY');
  if (arr) return [...arr.values()];
  const v = sh.getVar('COMPREPLY');
  return v === undefined ? [] : [v];
}

const COMP_VARS = ['COMP_LINE', 'COMP_POINT', 'COMP_KEY', 'COMP_TYPE', 'COMP_WORDS', 'COMP_CWORD'];

function bindCompVars(sh: ShellAccess, req: GenRequest): void {
  sh.setVar('COMP_LINE', req.line);
  sh.setVar('COMP_POINT', String(req.point));
  sh.setVar('COMP_KEY', String(req.key));
  sh.setVar('COMP_TYPE', String(req.type));
  if (req.words) sh.setArray('COMP_WORDS', req.words);
  sh.setVar('COMP_CWORD', String(req.cword));
}

function unbindCompVars(sh: ShellAccess): void {
  for (const n of COMP_VARS) {
    try {
      sh.unsetVar(n);
    } catch {
      // readonly: left as it is
    }
  }
}

function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : singleQuote(s);
}

async function commandMatchesOf(env: GenEnv, spec: CompSpec, req: GenRequest): Promise<string[]> {
  const sh = env.shell;
  bindCompVars(sh, req);
  let text: string;
  try {
    text = await sh.commandOutput(`${spec.command} ${shellWord(req.cmd)} ${shellWord(req.word)} ${shellWord(req.prev)}`);
  } finally {
    unbindCompVars(sh);
  }
  // One completion a line; bash skips empty lines but for one at the start (its split_at_delims).
  const lines = text.split('\n').filter((l) => l !== '');
  return lines.length && text.startsWith('\n') ? ['', ...lines] : lines;
}

/**
 * The completions of a spec for a word, in bash's order: actions, -G, -W, -F, -C; then -X
 * filters and -P/-S decorate; `-o plusdirs` adds directories, and when nothing matched
 * `-o dirnames` / `-o default` fall back to directories / files.
 */
export async function generate(env: GenEnv, spec: CompSpec, req: GenRequest): Promise<string[]> {
  const sh = env.shell;
  const word = req.word;
  let list: string[] = [];
  for (const a of ACTIONS) if (spec.actions.has(a)) list.push(...actionMatches(env, a, word));
  if (spec.glob !== undefined) list.push(...sh.glob(spec.glob, true));
  if (spec.words !== undefined) {
    const ifs = sh.getVar('IFS') ?? ' \t\n';
    const words = await sh.expandWords(splitWordlist(spec.words, ifs));
    for (const w of words) if (w.startsWith(word)) list.push(w);
  }
  if (spec.func !== undefined) list.push(...(await functionMatches(env, spec, req)));
  if (spec.command !== undefined) list.push(...(await commandMatchesOf(env, spec, req)));
  if (spec.filter !== undefined) list = filterOut(list, spec.filter, word, sh.shopt.extglob === true);
  if (spec.prefix !== undefined || spec.suffix !== undefined) list = list.map((x) => `${spec.prefix ?? ''}${x}${spec.suffix ?? ''}`);
  if (spec.options.has('plusdirs')) list.push(...fileMatches(env, word, true));
  if (list.length === 0 && spec.options.has('dirnames')) list = fileMatches(env, word, true);
  if (list.length === 0 && spec.options.has('default')) list = fileMatches(env, word);
  return list;
}
