// The shell's AST: a standalone data model (as in mvdan/sh's syntax/nodes.go). The parser
// builds it, the printer and the executor read it; every node carries pos/end.
//
// Positions are offsets into the parsed source (numbers, not objects: a 10 MB script line
// becomes millions of nodes). Statements also carry their line, for $LINENO and messages;
// a parser's Cursor turns any offset back into a line and column.

/** An offset into the source the node was parsed from. */
export type Pos = number;

interface NodeBase {
  pos: Pos;
  end: Pos;
}

export interface Script extends NodeBase {
  kind: 'Script';
  body: Stmt[];
}

/** One item of a list: an and-or chain, run in the background when `background`. */
export interface Stmt extends NodeBase {
  kind: 'Stmt';
  andOr: AndOr;
  background: boolean;
  /** 1-based line of the statement's first token. */
  line: number;
  /** The source text the positions index (for $BASH_COMMAND); shared, never copied. */
  src?: string;
}

export interface AndOr extends NodeBase {
  kind: 'AndOr';
  first: Pipeline;
  rest: Array<{ op: '&&' | '||'; pipeline: Pipeline }>;
}

export interface Pipeline extends NodeBase {
  kind: 'Pipeline';
  negated: boolean;
  /** `time [-p] PIPELINE`: report real/user/sys time on stderr; 'posix' for -p. */
  timed?: 'bash' | 'posix';
  commands: Command[];
  /** `|&` between stages: stderr goes down the pipe too (index i: after commands[i]). */
  stderrToo: boolean[];
}

export type Command =
  | SimpleCommand
  | Subshell
  | Group
  | If
  | While
  | For
  | ArithFor
  | Case
  | FunctionDef
  | ArithCommand
  | TestCommand
  | Coproc;

export interface SimpleCommand extends NodeBase {
  kind: 'Simple';
  assigns: Assign[];
  words: Word[];
  redirects: Redirect[];
  /**
   * Arguments of a declaration builtin (declare, local, export, readonly, typeset) that are
   * assignments, aligned with `words` (null for the other words): expanded like assignments.
   */
  declArgs?: Array<Assign | null>;
  /** 1-based line of the command (for $LINENO inside multi-line commands). */
  line?: number;
}

export interface Assign extends NodeBase {
  kind: 'Assign';
  name: string;
  append: boolean;
  value: Word;
  /** `a[i]=v`: the subscript's text. */
  index?: string;
  /** `a=(x y z)`: the elements (value is then empty). */
  array?: ArrayElem[];
}

/** An element of `a=(...)`: a word, or `[key]=word` / `[key]+=word`. */
export interface ArrayElem {
  key?: string;
  append?: boolean;
  value: Word;
}

interface CompoundBase extends NodeBase {
  redirects: Redirect[];
}

export interface Subshell extends CompoundBase {
  kind: 'Subshell';
  body: Stmt[];
}

export interface Group extends CompoundBase {
  kind: 'Group';
  body: Stmt[];
}

export interface If extends CompoundBase {
  kind: 'If';
  clauses: Array<{ cond: Stmt[]; body: Stmt[] }>;
  elseBody: Stmt[] | null;
}

export interface While extends CompoundBase {
  kind: 'While';
  until: boolean;
  cond: Stmt[];
  body: Stmt[];
}

export interface For extends CompoundBase {
  kind: 'For';
  name: string;
  /** null: no `in` clause, iterate over "$@". */
  items: Word[] | null;
  body: Stmt[];
  /** `select NAME in ...`: a menu instead of a loop over the items. */
  select?: boolean;
}

export interface ArithFor extends CompoundBase {
  kind: 'ArithFor';
  init: string;
  cond: string;
  step: string;
  body: Stmt[];
  /** $LINENO while the expressions are evaluated: the line of `for`. */
  line?: number;
}

export interface CaseItem {
  patterns: Word[];
  body: Stmt[];
  /** ';;' ends, ';&' falls through to the next body, ';;&' tests the next patterns. */
  terminator: ';;' | ';&' | ';;&';
}

export interface Case extends CompoundBase {
  kind: 'Case';
  word: Word;
  items: CaseItem[];
}

export interface FunctionDef extends NodeBase {
  kind: 'FunctionDef';
  name: string;
  /** The name was quoted or had an expansion (`'f'() ...`): bash refuses it when it runs. */
  badName?: boolean;
  body: Command;
  /** Source text of the definition, for `type` and the printer. */
  source: string;
  /** Where it was defined (BASH_SOURCE of its calls); set when the definition runs. */
  file?: string;
  /** The source text positions in the body index (for the printer). */
  src?: string;
  /** Line of the definition. */
  line?: number;
}

/**
 * `coproc [NAME] COMMAND`: COMMAND runs asynchronously with its stdin and stdout joined by
 * pipes to two shell fds, whose numbers go in the array NAME (COPROC when no NAME is given;
 * a NAME is only taken before a compound command, as in bash).
 */
export interface Coproc extends NodeBase {
  kind: 'Coproc';
  name: string;
  body: Command;
}

/** `(( expr ))`: status 0 when the expression is non-zero. */
export interface ArithCommand extends CompoundBase {
  kind: 'ArithCommand';
  expr: string;
  /** $LINENO in the expression: the line where `))` is. */
  line?: number;
}

/** `[[ ... ]]`: a tree of tests whose words are expanded when (and only if) they are reached. */
export interface TestCommand extends CompoundBase {
  kind: 'TestCommand';
  expr: CondNode;
  /** $LINENO in the test: where bash's parser completed it (see CondParser.condLine). */
  line?: number;
}

/** `paren`: how many ( ) were written around the node (printing shows them again). */
export type CondNode = (
  | { kind: 'CondAnd' | 'CondOr'; l: CondNode; r: CondNode }
  | { kind: 'CondNot'; e: CondNode }
  | { kind: 'CondUnary'; op: string; arg: Word }
  | { kind: 'CondBinary'; op: string; l: Word; r: Word }
  | { kind: 'CondWord'; w: Word }
) & { paren?: number };

export type RedirectOp = '>' | '>>' | '<' | '<>' | '>|' | '>&' | '<&' | '&>' | '&>>' | '<<' | '<<-' | '<<<';

export interface Redirect extends NodeBase {
  kind: 'Redirect';
  op: RedirectOp;
  /** The fd on the left (`2>`), or null for the operator's default. */
  fd: number | null;
  /** `{name}>file`: allocate a new fd and store its number in the variable. */
  fdVar?: string;
  target: Word;
  /** For `<<` and `<<-`: the body, whether the delimiter was quoted (no expansion), the raw text and delimiter (for the printer). */
  heredoc?: { body: Word; quoted: boolean; text?: string; delim?: string };
}

export interface Word extends NodeBase {
  kind: 'Word';
  parts: WordPart[];
}

export type WordPart = Lit | SglQuoted | DblQuoted | ParamExp | CmdSubst | ArithExp | ProcSubst;

/** Unquoted literal text. `escaped` marks text that came from a backslash (so not a glob). */
export interface Lit {
  kind: 'Lit';
  value: string;
  escaped?: boolean;
  /** Set on a word's only part when it needs no expansion at all (no ~, glob or brace characters). */
  plain?: boolean;
}

export interface SglQuoted {
  kind: 'SglQuoted';
  value: string;
}

export interface DblQuoted {
  kind: 'DblQuoted';
  parts: WordPart[];
}

export type ParamOp =
  | ':-' | '-' | ':=' | '=' | ':?' | '?' | ':+' | '+'
  | '#' | '##' | '%' | '%%'
  | '/' | '//' | '/#' | '/%'
  | '^' | '^^' | ',' | ',,' | '~' | '~~'
  | ':' | '@';

export interface ParamExp {
  kind: 'ParamExp';
  name: string;
  /** `${#X}` */
  length?: boolean;
  /** `${!X}` */
  indirect?: boolean;
  /** `${!prefix*}` / `${!prefix@}`: the names of variables starting with `name`. */
  names?: '*' | '@';
  op?: ParamOp;
  /** `${X@Q}`: the transformation letter when op is '@'. */
  transform?: string;
  /** The word after the operator (default value, pattern, offset). */
  arg?: Word;
  /** For `/pat/rep`: the replacement; for `:off:len`: the length. */
  arg2?: Word;
  /** Short form `$X` (no braces). */
  short?: boolean;
  /** A malformed `${...}`: bash reports "bad substitution" when it is expanded, not when parsed. */
  bad?: string;
  /** `${a[i]}`: the subscript text (`@`, `*`, or arithmetic). */
  index?: string;
}

export interface CmdSubst {
  kind: 'CmdSubst';
  body: Stmt[];
  backtick: boolean;
  /**
   * The body's source text and first line, when no alias was expanded in it while parsing:
   * bash reads a substitution again when it runs, with the aliases defined by then.
   */
  text?: string;
  line?: number;
  /** A backquoted body that does not parse: bash reports it when the substitution runs. */
  invalid?: boolean;
  /** Source offsets of `$(` and just after its `)` (the printer prints the body anew, as bash). */
  at?: number;
  to?: number;
}

export interface ArithExp {
  kind: 'ArithExp';
  /** Raw expression text; parameters and substitutions in it are expanded before evaluation. */
  expr: string;
}

/** `<(list)` or `>(list)`: a path (/dev/fd/N) connected to the list's output or input. */
export interface ProcSubst {
  kind: 'ProcSubst';
  dir: '<' | '>';
  body: Stmt[];
  /** As CmdSubst's: the text to read again with the aliases defined when it runs. */
  text?: string;
  line?: number;
  /** As CmdSubst's. */
  at?: number;
  to?: number;
}

export type Node = Script | Stmt | AndOr | Pipeline | Command | Word | Redirect | Assign;

/** A shared empty list for nodes that have none (saves memory on huge scripts; never mutated). */
export const NONE: never[] = Object.freeze([]) as unknown as never[];
