// The character cursor the parser reads from, and the parse error value.
import type { Pos } from './ast.js';

/**
 * A parse error is a value with a position and an `incomplete` flag (as mvdan/sh's
 * ParseError.Incomplete): the REPL asks for another line instead of reporting it.
 */
export class ParseError extends Error {
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
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly src: string,
    /** Line number of src's first line in the enclosing file (for nested parsers). */
    private readonly firstLine = 1,
  ) {
    for (let k = 0; k < src.length; k++) if (src.charCodeAt(k) === 10) this.lineStarts.push(k + 1);
  }

  get eof(): boolean {
    return this.i >= this.src.length;
  }

  peek(k = 0): string {
    return this.src[this.i + k] ?? '';
  }

  startsWith(s: string): boolean {
    return this.src.startsWith(s, this.i);
  }

  next(): string {
    if (this.i >= this.src.length) return '';
    return this.src[this.i++]!;
  }

  posAt(offset: number): Pos {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + this.firstLine, col: offset - this.lineStarts[lo]! + 1, offset };
  }

  pos(): Pos {
    return this.posAt(this.i);
  }

  error(message: string, incomplete = false, offset = this.i): ParseError {
    const p = this.posAt(Math.min(offset, this.src.length));
    return new ParseError(message, p.line, p.col, incomplete);
  }

  /** Throws the "unexpected end of input" error that marks input as incomplete. */
  incomplete(what: string): never {
    throw this.error(what, true);
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
