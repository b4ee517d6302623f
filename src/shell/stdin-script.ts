// A script on standard input (`aosh < script`, `producer | aosh`) runs as it arrives, one
// complete command at a time, and the shell reads no further than that command's end before
// running it, as bash does. So the script's commands share its input (`read x` takes the
// script's next line, `cat` the rest of it), and a program that writes commands into aosh's
// stdin one at a time gets each one's output before it sends the next: an agent can drive
// aosh through a pipe.
//
// How far the shell may read: from a pipe or a terminal, one byte at a time (bash does the
// same: there is no putting bytes back into a pipe), synchronously while FIONREAD says bytes
// are there, else by one asynchronous read that waits, so the kernel keeps serving agents
// and jobs while the script's writer thinks. From a regular file, a block at the fd's offset
// (read from /proc/self/fdinfo, since a command may have moved it), after which the offset is
// moved just past the line taken, as bash lseeks back after its buffered read.
import { fstatSync, read, readFileSync, readSync } from 'node:fs';
import { scriptText } from './source.js';
import type { ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { isVirtual, readableNow } from './io.js';
import { parse, ParseError } from './parser.js';
import { endsInBackslash } from './source.js';
import type { MP } from './maybe.js';

const NL = 0x0a;
const OPENERS = /\b(?:if|case|for|while|until|select)\b/g;
const CLOSERS = /\b(?:fi|esac|done)\b/g;

/** Lines of fd 0, each taken only when asked for. */
class LineReader {
  private readonly regular: boolean;
  private readonly one = Buffer.alloc(1);
  private readonly block = Buffer.alloc(65536);
  private eof = false;
  /** Bytes FIONREAD last said were there and not yet read: they can be read without waiting. */
  private ready = 0;

  constructor(private readonly fd: number) {
    let regular = false;
    try {
      regular = fstatSync(fd).isFile();
    } catch {
      // a closed stdin reads as empty
    }
    this.regular = regular && fileOffset(fd) !== null;
  }

  /** The next line with its newline (the last one may lack it), or null at the end. */
  next(): string | null | Promise<string | null> {
    if (this.eof) return null;
    // NUL bytes are dropped, as bash reads a script.
    const line = this.regular ? this.fromFile() : this.fromStream([]);
    if (line instanceof Promise) return line.then((l) => (l === null ? l : scriptText(l)));
    return line === null ? line : scriptText(line);
  }

  private fromFile(): string | null {
    const pos = fileOffset(this.fd);
    if (pos === null) return this.fromStreamSync();
    const parts: Buffer[] = [];
    for (let at = pos; ; ) {
      const n = readSync(this.fd, this.block, 0, this.block.length, at);
      if (n === 0) {
        this.eof = true;
        break;
      }
      const i = this.block.subarray(0, n).indexOf(NL);
      parts.push(Buffer.from(this.block.subarray(0, i < 0 ? n : i + 1)));
      if (i >= 0) break;
      at += n;
    }
    const line = Buffer.concat(parts);
    // Move the fd's own offset past the line, for the commands that read it next.
    for (let left = line.length; left > 0; ) {
      const n = readSync(this.fd, this.block, 0, Math.min(left, this.block.length), null);
      if (n === 0) break;
      left -= n;
    }
    return line.length ? line.toString('utf8') : null;
  }

  /** A file whose offset cannot be read: a byte at a time, as from a pipe (never blocks long). */
  private fromStreamSync(): string | null {
    const bytes: number[] = [];
    for (;;) {
      const n = readSync(this.fd, this.one, 0, 1, null);
      if (n === 0) {
        this.eof = true;
        break;
      }
      bytes.push(this.one[0]!);
      if (this.one[0] === NL) break;
    }
    return bytes.length ? Buffer.from(bytes).toString('utf8') : null;
  }

  private fromStream(bytes: number[]): string | null | Promise<string | null> {
    for (;;) {
      let n: number;
      if (this.ready <= 0) this.ready = readableNow(this.fd);
      if (this.ready <= 0) return this.waitThen(bytes);
      try {
        n = readSync(this.fd, this.one, 0, 1, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        this.ready = 0;
        return this.waitThen(bytes);
      }
      this.ready--;
      if (n === 0) return this.end(bytes);
      bytes.push(this.one[0]!);
      if (this.one[0] === NL) return Buffer.from(bytes).toString('utf8');
    }
  }

  /** Nothing to read now: one read that waits for a byte (or the end), off the event loop. */
  private waitThen(bytes: number[]): Promise<string | null> {
    return new Promise((resolve, reject) => {
      read(this.fd, this.one, 0, 1, null, (err, n) => {
        if (err) {
          // O_NONBLOCK stdin: the read does not wait; try again shortly.
          if (err.code === 'EAGAIN') return void setTimeout(() => resolve(this.fromStream(bytes)), 5);
          if (err.code === 'EOF' || err.code === 'EIO' || err.code === 'EBADF') return resolve(this.end(bytes));
          return reject(err);
        }
        if (n === 0) return resolve(this.end(bytes));
        bytes.push(this.one[0]!);
        if (this.one[0] === NL) return resolve(Buffer.from(bytes).toString('utf8'));
        resolve(this.fromStream(bytes));
      });
    });
  }

  private end(bytes: number[]): string | null {
    this.eof = true;
    return bytes.length ? Buffer.from(bytes).toString('utf8') : null;
  }
}

/** fd's file offset, from /proc/self/fdinfo (Node has no lseek); null when it cannot be read. */
function fileOffset(fd: number): number | null {
  try {
    const m = /^pos:\s*(\d+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** What an interactive shell reading a pipe adds (interactive-pipe.ts): prompts, history. */
export interface StdinHooks {
  /** Before each line is read: `more` when the command so far needs more lines (PS2). */
  prompt(more: boolean): MP<void>;
  /** Each line as read; what to take instead (history expansion), or null to drop the command. */
  line(text: string): string | null;
  /** A command is complete and about to run. */
  command(text: string): void;
}

/**
 * Runs the script on fd 0 command by command (see above). Returns the last status; `exit`
 * and a syntax error unwind as ExitSignal, as from runSource.
 */
export async function runStdinScript(shell: Shell, ctx: ShellContext, hooks?: StdinHooks, fd = 0): Promise<number> {
  let reader = new LineReader(fd);
  let from = ctx.fds.get(0);
  const completeness = new Completeness(shell, ctx);
  let pending = '';
  let firstLine = 1;
  let lines = 0;
  for (;;) {
    // The script is read from the shell's fd 0 as it is now: after `exec 0<file` the rest of
    // the script comes from that file (nothing, after `exec 0<&-`), as in bash.
    const now = ctx.fds.get(0);
    if (now !== from && (now === undefined || !isVirtual(now))) {
      if (now === undefined) return ctx.lastStatus;
      reader = new LineReader(now);
      from = now;
    }
    if (hooks) {
      const p = hooks.prompt(pending !== '');
      if (p) await p;
    }
    const got = reader.next();
    let line = got instanceof Promise ? await got : got;
    if (hooks && line !== null) {
      const taken = hooks.line(line);
      if (taken === null) {
        pending = '';
        firstLine = ++lines + 1;
        continue;
      }
      line = taken;
    }
    // A backslash ending the input joins the line with the end of input, and is gone (bash).
    if (line !== null && !line.endsWith('\n') && endsInBackslash(line)) line = line.slice(0, -1);
    if (line !== null) {
      pending += line;
      lines++;
      if (!completeness.check(pending, line)) continue;
    }
    if (pending) {
      const src = pending;
      const at = firstLine;
      pending = '';
      firstLine = lines + 1;
      hooks?.command(src);
      const r = shell.runSourceSync(src, ctx, 'stdin', at);
      if (r instanceof Promise) await r;
    }
    if (line === null) return ctx.lastStatus;
  }
}

/**
 * Whether the text so far ends a command: input that ends too soon needs more lines. Parsing
 * the whole text again for every line of a long function would be quadratic, so once the
 * parser has said what the text waits for, lines that cannot give it are not parsed: while a
 * quote is open, lines without that quote; while a here-document is, lines that are not its
 * delimiter; while a compound command or a substitution is, lines after which more brackets
 * and compound keywords are still open than closed (a rough count, so the text is parsed
 * anyway each time it has grown by a quarter).
 */
class Completeness {
  private waiting: 'any' | 'closer' | { quote: string } | { delimiter: string } = 'any';
  /** Brackets and compound keywords opened minus closed in the text so far (rough). */
  private depth = 0;
  private parsedAt = 0;

  constructor(
    private readonly shell: Shell,
    private readonly ctx: ShellContext,
  ) {}

  check(text: string, line: string): boolean {
    if (text.length === line.length) this.depth = 0;
    this.depth += roughDepth(line);
    // A line ending in an unescaped backslash goes on on the next one.
    if (text.endsWith('\n') && endsInBackslash(text.slice(0, -1))) return false;
    const w = this.waiting;
    if (w === 'closer' && this.depth > 0 && text.length < this.parsedAt * 1.25) return false;
    if (typeof w === 'object' && 'quote' in w && !line.includes(w.quote)) return false;
    if (typeof w === 'object' && 'delimiter' in w && line.replace(/^\t+/, '').replace(/\n$/, '') !== w.delimiter) return false;
    this.parsedAt = text.length;
    try {
      // As the interactive prompt asks: an open here-document wants more lines, too.
      parse(text, { ...this.shell.parserOptions(this.ctx, 'stdin'), interactive: true });
    } catch (e) {
      if (e instanceof ParseError && e.incomplete) {
        this.waiting = waitingFor(e.message);
        return false;
      }
    }
    this.waiting = 'any';
    return true;
  }
}

/** What an incomplete text waits for, from the parser's message. */
function waitingFor(message: string): Completeness['waiting'] {
  const doc = /^here-document delimited by end-of-file \(wanted `(.*)'\)$/.exec(message);
  if (doc) return { delimiter: doc[1]! };
  if (message === 'unterminated single quote' || message === "unterminated $'...'") return { quote: "'" };
  if (message === 'unterminated double quote') return { quote: '"' };
  if (message === 'unterminated backquote') return { quote: '`' };
  // After an operator (`&&`, `|`…) or where a command is due, any line may end it.
  if (message === 'unexpected end of input' || message.includes(' after `')) return 'any';
  return 'closer';
}

function roughDepth(line: string): number {
  let d = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x28 || c === 0x7b) d++;
    else if (c === 0x29 || c === 0x7d) d--;
  }
  return d + (line.match(OPENERS)?.length ?? 0) - (line.match(CLOSERS)?.length ?? 0);
}
