// The keyboard: the one reader of the terminal for the whole interactive session.
//
// Why one reader, and why flowing mode: the session used to let every ink instance attach
// its own 'readable' listener and pause stdin between prompts. Node turns a pause into a
// readStop() one tick later (lib/internal/bootstrap/switches/is_main_thread.js, "onpause"),
// unless the stream is flowing again by then. A command that finished without any I/O
// (empty Enter, `x=1`, `cd`, Ctrl-C at the prompt) mounted the next prompt within that
// tick, in non-flowing 'readable' mode, so the deferred readStop() stopped the terminal
// under the new prompt: with nothing else alive the event loop emptied and the session
// ended with status 0; with an agent alive it froze. Here stdin is only ever resumed or
// paused in flowing ('data') mode, which the deferred check respects, so the keyboard is
// read whenever the prompt shows.
//
// Keys are queued: a paste of several lines (bracketed or not) is consumed key by key, a
// prompt takes what it needs up to its Enter and leaves the rest for the next prompt, so
// pasted lines run one after the other, as in bash.
import { writeSync } from 'node:fs';
import { isTTY } from '../../lib/tty.js';
import { decodeKeys, type DecodeState, type KeyEvent } from './keys.js';

/** A consumer of keys: gets the queued keys, returns how many it used (the rest stay queued). */
export type KeyConsumer = (keys: readonly KeyEvent[]) => number;

export interface KeySource {
  /** Makes `fn` the consumer (the previous one is replaced); returns a detach function. */
  attach(fn: KeyConsumer): () => void;
}

/** The queue and its consumer, without a terminal (tests drive it with push). */
export class KeyQueue implements KeySource {
  private readonly queue: KeyEvent[] = [];
  private consumer: KeyConsumer | null = null;
  private draining = false;
  /** A bracketed paste can span reads. */
  private readonly decoding: DecodeState = { paste: false };

  attach(fn: KeyConsumer): () => void {
    this.consumer = fn;
    // On a microtask: a React effect attaches while committing; keys are handled after it.
    queueMicrotask(() => this.drain());
    return () => {
      if (this.consumer === fn) this.consumer = null;
    };
  }

  push(keys: readonly KeyEvent[]): void {
    this.queue.push(...keys);
    this.drain();
  }

  /** Raw terminal input (tests and replays). */
  pushRaw(data: string): void {
    this.push(decodeKeys(data, this.decoding));
  }

  /** Forgets typed-ahead keys (after Ctrl-C, as the terminal flushes its input on INTR). */
  clear(): void {
    this.queue.length = 0;
  }

  get pending(): number {
    return this.queue.length;
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length && this.consumer) {
        const fn = this.consumer;
        const used = Math.max(0, Math.min(this.queue.length, fn([...this.queue])));
        this.queue.splice(0, used);
        // A consumer that used nothing and is still attached waits for more input.
        if (used === 0 && this.consumer === fn) break;
      }
    } finally {
      this.draining = false;
    }
  }
}

/** The terminal's keyboard: raw mode and reading while started, cooked and quiet while stopped. */
export class Keyboard extends KeyQueue {
  private started = false;
  private carry = '';
  private escTimer: NodeJS.Timeout | null = null;
  private hungUp = false;
  /** Called once when the terminal goes away (EOF or EIO on stdin: the terminal was closed). */
  onHangup: (() => void) | null = null;

  private readonly listeners = {
    data: (d: string | Buffer): void => this.onData(String(d)),
    end: (): void => this.hangup(),
    error: (): void => this.hangup(),
  };

  constructor(private readonly stdin: NodeJS.ReadStream = process.stdin) {
    super();
    stdin.setEncoding('utf8');
    stdin.on('data', this.listeners.data);
    stdin.on('end', this.listeners.end);
    stdin.on('error', this.listeners.error);
    // Listening for 'data' resumed the stream; it reads only while the prompt shows.
    stdin.pause();
  }

  /** Lets go of stdin for good (the plain readline prompt takes over). */
  dispose(): void {
    this.stop();
    this.stdin.off('data', this.listeners.data);
    this.stdin.off('end', this.listeners.end);
    this.stdin.off('error', this.listeners.error);
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** The prompt shows: raw mode, bracketed paste, read keys. */
  start(): void {
    if (this.started || this.hungUp) return;
    this.started = true;
    try {
      if (this.stdin.isTTY) this.stdin.setRawMode(true);
    } catch {
      this.hangup();
      return;
    }
    this.pasteMode(true);
    this.stdin.resume();
  }

  /**
   * Bracketed paste while the prompt shows, as readline turns it on: the terminal marks a
   * paste, so a Tab in it is inserted rather than completing (keys.ts). Off while a
   * command runs: a program gets pastes as it expects them.
   */
  private pasteMode(on: boolean): void {
    if (!this.stdin.isTTY) return;
    try {
      if (isTTY(2)) writeSync(2, on ? '\x1b[?2004h' : '\x1b[?2004l');
    } catch {
      // the terminal is gone
    }
  }

  /** A command takes the terminal: stop reading (keys typed now stay in the terminal's queue), cooked mode. */
  stop(): void {
    if (!this.started) return;
    this.started = false;
    this.pasteMode(false);
    this.stdin.pause();
    try {
      if (this.stdin.isTTY) this.stdin.setRawMode(false);
    } catch {
      // the terminal is gone; the hangup path handles it
    }
  }

  private onData(data: string): void {
    if (this.escTimer) {
      clearTimeout(this.escTimer);
      this.escTimer = null;
    }
    let s = this.carry + data;
    this.carry = '';
    // An escape sequence cut between two reads: keep its start for the next read, or
    // deliver it alone (the Escape key) if nothing follows soon.
    const cut = /\x1b(\[[0-9;]*|O)?$/.exec(s);
    if (cut) {
      this.carry = cut[0];
      s = s.slice(0, cut.index);
      this.escTimer = setTimeout(() => {
        this.escTimer = null;
        const rest = this.carry;
        this.carry = '';
        if (rest) this.pushRaw(rest);
      }, 30);
    }
    if (s) this.pushRaw(s);
  }

  private hangup(): void {
    if (this.hungUp) return;
    this.hungUp = true;
    this.started = false;
    this.onHangup?.();
  }
}
