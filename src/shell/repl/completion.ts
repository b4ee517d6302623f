// Tab completion: builtins, functions and PATH commands in command position, builtin
// flags from the builtins' own definitions, agent names/ids after kill/wait, file paths
// elsewhere. The sources are injected, so the logic is testable without a shell.
// Names are listed through the session's world (kernel.fs): Tab must not show what the
// world hides (a hidden file appears only as the world shows it, never the host's listing).
import { resolve } from 'node:path';
import { flagNames, type FlagDoc } from '../../builtins/flags.js';
import { hostView, isDir as isDirStat, type FileView } from '../../kernel/fs-view.js';

const HOST = hostView();

export interface CompletionSources {
  cwd: string;
  /** The file system as the session's world sees it (default: the host's, for tests). */
  fs?: Pick<FileView, 'readdir' | 'stat'>;
  home?: string;
  /** Builtins with their documented flags ("-a", "--name NAME", "-s, --system TEXT"). */
  builtins: ReadonlyArray<{ name: string; flags?: FlagDoc[]; subcommands?: ReadonlyArray<{ name: string; flags?: FlagDoc[] }> }>;
  functions?: () => string[];
  /** Executable names on PATH. */
  pathCommands: () => string[];
  /** Live kernel entries (agents, jobs). */
  procs: () => Array<{ id: number; name: string }>;
  jobs?: () => Array<{ id: number }>;
  /** The shell's variable names (for `$NA` and `${NA`). */
  variables?: () => string[];
  /**
   * Programmable completion (`complete -F/-W ...`): null when no spec applies to the command,
   * else the spec's answer to come (the shell runs the completion function).
   */
  programmable?: (req: ProgRequest) => Promise<ProgResult | null> | null;
}

/** What a completion function sees: COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT, and $1 $2 $3. */
export interface ProgRequest {
  /** The command name ('' on an empty line). */
  cmd: string;
  word: string;
  prev: string;
  words: string[];
  cword: number;
  line: string;
  point: number;
  /** COMP_KEY (9: Tab) and COMP_TYPE (9: normal completion). */
  key: number;
  type: number;
}

export interface ProgResult {
  items: string[];
  /** The spec's -o options after the function ran (compopt may change them). */
  options: ReadonlySet<string>;
}

export interface Completion {
  /** The range of the line the candidates replace. */
  start: number;
  end: number;
  /** Full replacement words, sorted, unique. */
  items: string[];
  /** Longest common prefix of items (what Tab inserts). */
  common: string;
  /** Append after a unique completion: ' ' or '' (directories end in '/'). */
  suffix: string;
}

const KEYWORDS = ['if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'function', 'in'];
const COMMAND_SEPARATORS = new Set(['|', '||', '&&', ';', '&', '(', '{', '!', 'then', 'do', 'else', 'elif', 'if', 'while', 'until', '$(', '`', 'time']);

interface Tok {
  text: string;
  start: number;
}

/** Splits the line up to the cursor into words and operators, honouring quotes loosely. */
function tokenize(s: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const op = /^(\|\||&&|\$\(|[|;&(){}`!])/.exec(s.slice(i));
    if (op) {
      toks.push({ text: op[0], start: i });
      i += op[0].length;
      continue;
    }
    const start = i;
    let quote: string | null = null;
    while (i < s.length) {
      const ch = s[i]!;
      if (quote) {
        if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '\\') i++;
      else if (ch === '$' && s[i + 1] === '{') {
        // `${NAME...}` is one word: its braces are not a group's.
        const close = s.indexOf('}', i);
        i = close < 0 ? s.length : close + 1;
        continue;
      }
      else if (/\s/.test(ch) || /[|;&(){}`]/.test(ch)) break;
      i++;
    }
    toks.push({ text: s.slice(start, i), start });
  }
  return toks;
}

function commonPrefix(items: string[]): string {
  if (!items.length) return '';
  let p = items[0]!;
  for (const it of items) while (!it.startsWith(p)) p = p.slice(0, -1);
  return p;
}

function unquote(w: string): string {
  return w.replace(/\\(.)/g, '$1').replace(/["']/g, '');
}

function quoteForShell(w: string): string {
  return w.replace(/([\s'"\\$`!&|;()<>*?[\]{}#~])/g, (m, c: string, off: number) => (c === '~' && off === 0 ? c : '\\' + c));
}

function files(word: string, src: CompletionSources, dirsOnly: boolean): string[] {
  const raw = unquote(word);
  const slash = raw.lastIndexOf('/');
  const dirPart = slash >= 0 ? raw.slice(0, slash + 1) : '';
  const base = slash >= 0 ? raw.slice(slash + 1) : raw;
  let dir = dirPart || '.';
  if (dir.startsWith('~') && src.home) dir = src.home + dir.slice(1);
  const fs = src.fs ?? HOST;
  let entries: string[];
  try {
    entries = fs.readdir(resolve(src.cwd, dir));
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of entries) {
    if (!name.startsWith(base) || (name.startsWith('.') && !base.startsWith('.'))) continue;
    const st = fs.stat(resolve(src.cwd, dir, name)); // null: a dangling link
    const isDir = st !== null && isDirStat(st);
    if (dirsOnly && !isDir) continue;
    out.push(quoteForShell(dirPart + name) + (isDir ? '/' : ''));
  }
  return out;
}

/** Where the word at the cursor is, and the words of its command before it. */
function locate(line: string, cursor: number): { before: string; current: Tok; args: Tok[]; cmdStart: number } {
  const before = line.slice(0, cursor);
  const toks = tokenize(before);
  const atSpace = before === '' || /\s$/.test(before) || /[|;&(]$/.test(before);
  const current: Tok = atSpace ? { text: '', start: cursor } : toks.pop()!;
  let cmdIndex = 0;
  for (let i = 0; i < toks.length; i++) if (COMMAND_SEPARATORS.has(toks[i]!.text)) cmdIndex = i + 1;
  const args = toks.slice(cmdIndex);
  const cmdStart = args[0]?.start ?? current.start;
  return { before, current, args, cmdStart };
}

function finishItems(items: string[], start: number, cursor: number, noSpace = false): Completion | null {
  items = [...new Set(items)].sort();
  if (!items.length) return null;
  const common = commonPrefix(items);
  const unique = items.length === 1;
  return { start, end: cursor, items, common, suffix: unique && !noSpace && !common.endsWith('/') ? ' ' : '' };
}

/**
 * Tab through a `complete` spec (bash's programmable completion): null when no spec
 * applies (then complete() answers), else the completion once the spec's function ran.
 * `-o filenames` quotes the words and marks directories; `-o nospace` adds no blank;
 * `-o default`/`bashdefault` fall back to the ordinary completion when nothing matched.
 */
export function completeProgrammable(line: string, cursor: number, src: CompletionSources): Promise<Completion | null> | null {
  if (!src.programmable) return null;
  const { current, args, cmdStart } = locate(line, cursor);
  const words = [...args.map((t) => t.text), current.text];
  const cword = words.length - 1;
  const cmd = cword === 0 ? '' : words[0]!;
  if (cword === 0 && current.text !== '') return null; // a command name: the ordinary completion
  const req: ProgRequest = {
    cmd,
    word: current.text,
    prev: cword > 0 ? words[cword - 1]! : '',
    words: cword === 0 ? [''] : words,
    cword,
    line: line.slice(cmdStart),
    point: cursor - cmdStart,
    key: 9,
    type: 9,
  };
  const pending = src.programmable(req);
  if (!pending) return null;
  return pending.then((r) => {
    if (!r) return null;
    let items = r.items;
    if (!items.length && (r.options.has('default') || r.options.has('bashdefault'))) return complete(line, cursor, src);
    if (r.options.has('filenames')) {
      const fs = src.fs ?? HOST;
      items = items.map((it) => {
        const st = fs.stat(resolve(src.cwd, it.startsWith('~') && src.home ? src.home + it.slice(1) : it));
        return (r.options.has('noquote') ? it : quoteForShell(it)) + (st && isDirStat(st) && !it.endsWith('/') ? '/' : '');
      });
    }
    return finishItems(items, current.start, cursor, r.options.has('nospace'));
  });
}

export function complete(line: string, cursor: number, src: CompletionSources): Completion | null {
  const before = line.slice(0, cursor);
  const toks = tokenize(before);
  const atSpace = before === '' || /\s$/.test(before) || /[|;&(]$/.test(before);
  const current: Tok = atSpace ? { text: '', start: cursor } : toks.pop()!;
  const word = current.text;
  // The command this word belongs to: the token after the last separator.
  let cmdIndex = 0;
  for (let i = 0; i < toks.length; i++) if (COMMAND_SEPARATORS.has(toks[i]!.text)) cmdIndex = i + 1;
  const args = toks.slice(cmdIndex);
  // Leading assignments (X=1 cmd) do not make a command.
  while (args.length && /^[A-Za-z_]\w*=/.test(args[0]!.text)) args.shift();
  const isCommand = args.length === 0 && !/^[A-Za-z_]\w*=/.test(word);

  let items: string[];
  // `$HO`, `${HO`, `a=$HO`, `"$HO`: the variable names, as bash completes them.
  const ref = /\$(\{?)([A-Za-z_]\w*)?$/.exec(word);
  if (ref) {
    const [, brace, name = ''] = ref;
    const head = word.slice(0, ref.index) + '$' + brace;
    items = (src.variables?.() ?? []).filter((n) => n.startsWith(name)).map((n) => head + n + (brace ? '}' : ''));
  } else if (word.startsWith('$')) {
    return null;
  } else if (isCommand && !word.includes('/')) {
    const names = new Set<string>([...src.builtins.map((b) => b.name), ...(src.functions?.() ?? []), ...KEYWORDS, ...src.pathCommands()]);
    items = [...names].filter((n) => n.startsWith(word));
    if (!items.length && word) items = files(word, src, false);
  } else {
    const cmd = args[0]?.text ?? '';
    const builtin = src.builtins.find((b) => b.name === cmd);
    const sub = builtin?.subcommands?.find((x) => x.name === args[1]?.text);
    if (builtin?.subcommands?.length && args.length === 1 && !word.startsWith('-')) {
      items = builtin.subcommands.map((x) => x.name).filter((n) => n.startsWith(word));
    } else if (word.startsWith('-') && builtin) {
      // The declared flags (flags.ts), of the subcommand when one is named.
      items = flagNames(sub ? sub.flags : builtin.flags).filter((f) => f.startsWith(word));
    } else if ((cmd === 'kill' || cmd === 'wait' || cmd === 'fg' || cmd === 'bg') && !word.includes('/')) {
      const refs = new Set<string>();
      for (const p of src.procs()) {
        refs.add(String(p.id));
        refs.add(p.name);
      }
      for (const j of src.jobs?.() ?? []) refs.add(`%${j.id}`);
      items = [...refs].filter((r) => r.startsWith(word));
    } else {
      items = files(word, src, cmd === 'cd');
    }
  }
  items = [...new Set(items)].sort();
  if (!items.length) return null;
  const common = commonPrefix(items);
  const unique = items.length === 1;
  return { start: current.start, end: cursor, items, common, suffix: unique && !common.endsWith('/') ? ' ' : '' };
}

/** Applies a completion to a line: the common prefix, plus the suffix when it is unique. */
export function applyCompletion(line: string, c: Completion): { line: string; cursor: number } {
  const insert = c.common + (c.items.length === 1 ? c.suffix : '');
  const current = line.slice(c.start, c.end);
  if (insert.length < current.length) return { line, cursor: c.end };
  const next = line.slice(0, c.start) + insert + line.slice(c.end);
  return { line: next, cursor: c.start + insert.length };
}

/** Names on PATH, cached per PATH value (and per view: each world sees its own PATH dirs). */
const pathCache = new WeakMap<object, Map<string, string[]>>();

export function pathCommands(path: string | undefined, fs: Pick<FileView, 'readdir'> = HOST): string[] {
  const key = path ?? '';
  let cache = pathCache.get(fs);
  if (!cache) pathCache.set(fs, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  const names = new Set<string>();
  for (const dir of key.split(':')) {
    if (!dir) continue;
    let entries: string[];
    try {
      entries = fs.readdir(dir);
    } catch {
      continue; // missing dir on PATH
    }
    // Names only (a stat each would be a round trip into the world per PATH entry).
    for (const name of entries) names.add(name);
  }
  const list = [...names].sort();
  cache.set(key, list);
  return list;
}
