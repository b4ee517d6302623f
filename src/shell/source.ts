// The character cursor the parser reads from, and the parse error value.

/**
 * A parse error is a value with a position and an `incomplete` flag (as mvdan/sh's
 * ParseError.Incomplete): the REPL asks for another line instead of reporting it.
 */
export class ParseError extends Error {
  /** From [[ ]]'s grammar: bash prints just the message and leaves $? as it was. */
  cond = false;
  /** A [[ ]] error with nothing but blanks after it: bash's status is then 2 if $? was 0. */
  condAtEnd = false;
  /** The line of the quote an unterminated-quote error is about. */
  openLine: number | null = null;
  /** Raised in the body of a $( ) or <( ): bash ends the shell (see Shell.syntaxError). */
  inSubst = false;
  /** Inside `a=( … )`: bash discards the rest of the line with status 1 and reads on from the
   *  next line (parse_compound_assignment's DISCARD), where other syntax errors end a script. */
  discardLine = false;

  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
    readonly incomplete: boolean,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

export class Cursor {
  i = 0;
  src: string;
  private lineStarts: number[] | null = null;

  constructor(
    src: string,
    /** Line number of src's first line in the enclosing file (for nested parsers). */
    readonly firstLine = 1,
  ) {
    this.src = src;
  }

  get eof(): boolean {
    return this.i >= this.src.length;
  }

  peek(k = 0): string {
    return this.src[this.i + k] ?? '';
  }

  /** The char code at the cursor (+k), or -1 at the end. */
  code(k = 0): number {
    const j = this.i + k;
    return j < this.src.length ? this.src.charCodeAt(j) : -1;
  }

  startsWith(s: string): boolean {
    return this.src.startsWith(s, this.i);
  }

  next(): string {
    if (this.i >= this.src.length) return '';
    return this.src[this.i++]!;
  }

  /** Replaces src[from, to) with `text` (alias expansion re-reads the result). */
  splice(from: number, to: number, text: string): void {
    this.src = this.src.slice(0, from) + text + this.src.slice(to);
    this.lineStarts = null;
  }

  private starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const ls = [0];
    const s = this.src;
    let k = s.indexOf('\n');
    while (k >= 0) {
      ls.push(k + 1);
      k = s.indexOf('\n', k + 1);
    }
    this.lineStarts = ls;
    return ls;
  }

  /** 1-based line and column of an offset. */
  posAt(offset: number): { line: number; col: number } {
    const ls = this.starts();
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + this.firstLine, col: offset - ls[lo]! + 1 };
  }

  lineAt(offset: number): number {
    return this.posAt(offset).line;
  }

  error(message: string, incomplete = false, offset = this.i): ParseError {
    const p = this.posAt(Math.min(offset, this.src.length));
    return new ParseError(message, p.line, p.col, incomplete);
  }

  /**
   * Throws the "unexpected end of input" error that marks input as incomplete. `opened`:
   * where an unclosed quote began (bash names that line).
   */
  incomplete(what: string, opened?: number): never {
    const e = this.error(what, true);
    if (opened !== undefined) e.openLine = this.lineAt(opened);
    throw e;
  }
}

export function isBlank(c: string): boolean {
  return c === ' ' || c === '\t';
}

/** Characters that end an unquoted word. */
export function isWordBreak(c: string): boolean {
  return c === '' || c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '&' || c === '|' || c === '<' || c === '>' || c === '(' || c === ')';
}

export function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

export function isNameChar(c: string): boolean {
  return isNameStart(c) || (c >= '0' && c <= '9');
}

export function isName(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);
}

/** Whether text ends in a backslash that nothing escapes (a line continuation). */
export function endsInBackslash(text: string): boolean {
  let n = 0;
  for (let i = text.length - 1; i >= 0 && text.charCodeAt(i) === 0x5c; i--) n++;
  return n % 2 === 1;
}

/**
 * bash will not run a binary as a script: an ELF header, or a NUL in the first line (the
 * first two after a `#!` line) of the first 80 bytes. `source` refuses only the ELF header.
 */
export function isBinaryScript(bytes: Uint8Array, elfOnly = false): boolean {
  const head = bytes.subarray(0, 80);
  if (head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) return true;
  if (elfOnly) return false;
  let lines = head[0] === 0x23 && head[1] === 0x21 ? 2 : 1;
  for (const c of head) {
    if (c === 10 && --lines === 0) return false;
    if (c === 0) return true;
  }
  return false;
}

/** A script's text as bash reads it: NUL bytes are dropped. */
export function scriptText(text: string): string {
  return text.includes('\0') ? text.replace(/\0/g, '') : text;
}
