// A one-line spinner on a terminal's stderr while a builtin waits (think, agent). It draws
// only when the stream is a terminal, never in pipes or files, and it erases itself before
// anything else is written: wrap() the streams that share the terminal, and every write
// waits for the erase first. Writes to one fd go through libuv's pool and can reorder, so
// every frame, the erase and wrapped writes are chained on one promise.
import type { BuiltinContext, OutputStream } from './types.js';

const FRAMES = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
/** A fast answer should not flicker a spinner. */
const FIRST_FRAME_MS = 120;
const FRAME_MS = 80;

export interface SpinnerOptions {
  color: boolean;
}

export class Spinner {
  private timer: NodeJS.Timeout | null = null;
  private delay: NodeJS.Timeout | null = null;
  private drawn = false;
  private label = '';
  private started = 0;
  private frame = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly out: OutputStream,
    private readonly opts: SpinnerOptions,
  ) {}

  /** True when it can draw at all (the stream is a terminal). */
  get enabled(): boolean {
    return this.out.isTTY;
  }

  /** Shows LABEL (replacing the current one); a no-op off a terminal. */
  start(label: string): void {
    if (!this.enabled) return;
    this.label = label;
    if (this.timer || this.delay) return;
    this.started = Date.now();
    this.delay = setTimeout(() => {
      this.delay = null;
      this.draw();
      this.timer = setInterval(() => this.draw(), FRAME_MS);
    }, FIRST_FRAME_MS);
  }

  /** Changes the label without restarting the clock. */
  set text(label: string) {
    this.label = label;
  }

  private draw(): void {
    const secs = Math.floor((Date.now() - this.started) / 1000);
    const line = `${FRAMES[this.frame++ % FRAMES.length]} ${this.label}${secs >= 1 ? ` ${secs}s` : ''}`;
    const text = this.opts.color ? `\r\x1b[2m${line}\x1b[22m\x1b[K` : `\r${line}\x1b[K`;
    this.drawn = true;
    void this.enqueue(() => this.out.write(text));
  }

  private enqueue(fn: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(fn).catch(() => undefined);
    return this.chain;
  }

  /** Stops and erases the line; resolves when the erase reached the terminal. */
  stop(): Promise<void> {
    if (this.delay) clearTimeout(this.delay);
    if (this.timer) clearInterval(this.timer);
    this.delay = this.timer = null;
    if (!this.drawn) return this.chain;
    this.drawn = false;
    return this.enqueue(() => this.out.write('\r\x1b[K'));
  }

  /** A stream that stops the spinner before each write (for stdout and stderr alike). */
  wrap(stream: OutputStream): OutputStream {
    return {
      fd: stream.fd,
      isTTY: stream.isTTY,
      write: async (data) => {
        if (this.timer || this.delay || this.drawn) await this.stop();
        else await this.chain;
        return stream.write(data);
      },
    };
  }
}

/**
 * The spinner of a builtin: on its stderr when that is a terminal. (A background job of the
 * interactive session must not have the terminal as stderr — its output goes to its log —
 * or this would draw over the prompt; every REPL command is a kernel task, so asTask cannot
 * tell a background job from the foreground.)
 */
export function spinnerFor(ctx: BuiltinContext): Spinner {
  return new Spinner(ctx.stderr, { color: wantColor(ctx.stderr, (n) => ctx.shell?.getVar?.(n)) });
}

/** Colour on a terminal unless NO_COLOR is set or TERM is dumb (https://no-color.org). */
export function wantColor(stream: OutputStream, getVar: (name: string) => string | undefined): boolean {
  return stream.isTTY && !getVar('NO_COLOR') && getVar('TERM') !== 'dumb';
}
