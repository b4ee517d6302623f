// A builtin's output lines and its error lines, written in the order they were made. bash's
// stdout is line-buffered, so with `2>&1` (`declare -p a nosuch b 2>&1`) each error sits
// after the lines printed before it; writing all output first and then the errors does not.
import { type BuiltinContext, writeNow } from './types.js';

export class ErrorLines {
  /** Each message with the number of output chunks before it. */
  private readonly items: Array<{ at: number; text: string }> = [];

  constructor(private readonly out: string[]) {}

  push(text: string): void {
    this.items.push({ at: this.out.length, text });
  }

  get length(): number {
    return this.items.length;
  }

  /** Writes the output and the messages (each as `line(text)`) in order. */
  write(ctx: BuiltinContext, line: (text: string) => string): void | Promise<void> {
    const out = this.out;
    if (this.items.length === 0) return out.length ? writeNow(ctx.stdout, out.join('')) : undefined;
    if (out.length === 0) return writeNow(ctx.stderr, this.items.map((m) => line(m.text)).join(''));
    return (async () => {
      let from = 0;
      for (const m of this.items) {
        if (m.at > from) await writeNow(ctx.stdout, out.slice(from, m.at).join(''));
        from = Math.max(from, m.at);
        await writeNow(ctx.stderr, line(m.text));
      }
      if (from < out.length) await writeNow(ctx.stdout, out.slice(from).join(''));
    })();
  }
}
