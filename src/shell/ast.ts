// The shell's AST: a standalone data model (as in mvdan/sh's syntax/nodes.go). The parser
// builds it, the printer and the executor read it; every node carries pos/end.

export interface Pos {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
  /** 0-based offset into the source. */
  offset: number;
}

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
  | TestCommand;

export interface SimpleCommand extends NodeBase {
  kind: 'Simple';
  assigns: Assign[];
  words: Word[];
  redirects: Redirect[];
  /** `declare -A m=([k]=v)`: array literals given to a declaration builtin, assigned after it runs. */
  arrayArgs?: Assign[];
}

export interface Assign extends NodeBase {
  kind: 'Assign';
  name: string;
  append: boolean;
  value: Word;
  /** `a[i]=v`: the subscript's arithmetic text. */
  index?: string;
  /** `a=(x y z)`: the elements (value is then empty). */
  array?: Word[];
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
}

export interface ArithFor extends CompoundBase {
  kind: 'ArithFor';
  init: string;
  cond: string;
  step: string;
  body: Stmt[];
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
  body: Command;
  /** Source text of the definition, for `type` and the printer. */
  source: string;
}

/** `(( expr ))`: status 0 when the expression is non-zero. */
export interface ArithCommand extends CompoundBase {
  kind: 'ArithCommand';
  expr: string;
}

/** `[[ ... ]]`: tokens are words and operator strings, evaluated at run time. */
export interface TestCommand extends CompoundBase {
  kind: 'TestCommand';
  tokens: TestToken[];
}

export type TestToken = { op: string } | { word: Word };

export type RedirectOp = '>' | '>>' | '<' | '<>' | '>|' | '>&' | '<&' | '&>' | '&>>' | '<<' | '<<-' | '<<<';

export interface Redirect extends NodeBase {
  kind: 'Redirect';
  op: RedirectOp;
  /** The fd on the left (`2>`), or null for the operator's default. */
  fd: number | null;
  target: Word;
  /** For `<<` and `<<-`: the body, and whether the delimiter was quoted (no expansion). */
  heredoc?: { body: Word; quoted: boolean };
}

export interface Word extends NodeBase {
  kind: 'Word';
  parts: WordPart[];
}

export type WordPart = Lit | SglQuoted | DblQuoted | ParamExp | CmdSubst | ArithExp;

/** Unquoted literal text. `escaped` marks text that came from a backslash (so not a glob). */
export interface Lit {
  kind: 'Lit';
  value: string;
  escaped?: boolean;
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
  | '^' | '^^' | ',' | ',,'
  | ':';

export interface ParamExp {
  kind: 'ParamExp';
  name: string;
  /** `${#X}` */
  length?: boolean;
  /** `${!X}` */
  indirect?: boolean;
  op?: ParamOp;
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
}

export interface ArithExp {
  kind: 'ArithExp';
  /** Raw expression text; parameters and substitutions in it are expanded before evaluation. */
  expr: string;
}

export type Node = Script | Stmt | AndOr | Pipeline | Command | Word | Redirect | Assign;
