// `select NAME in WORDS; do ...; done`: a numbered menu on stderr, PS3 as the prompt, one
// line read from stdin per round (REPLY), until break or end of input.
import type { For } from './ast.js';
import { BreakSignal, ContinueSignal, type ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { FdInput, writeFd } from './io.js';
import { unescapeRead } from '../lib/read-split.js';
import { headWords, xtraceLine } from './xtrace.js';

export async function runSelect(shell: Shell, cmd: For, ctx: ShellContext): Promise<number> {
  const ex = shell.expander(ctx);
  const r = cmd.items === null ? [...ctx.positional] : ex.fields(cmd.items);
  const items = r instanceof Promise ? await r : r;
  if (items.length === 0) return 0;
  const menu = (): string => {
    const width = String(items.length).length;
    return items.map((it, i) => `${String(i + 1).padStart(width)}) ${it}`).join('\n') + '\n';
  };
  let status = 0;
  let show = true;
  // The head is traced once, as written, before the first menu.
  if (ctx.options.xtrace) await shell.writeStderr(ctx, xtraceLine(shell, ctx, [`select ${cmd.name} in ${headWords(ctx, cmd.items)}`], true));
  ctx.loopDepth++;
  try {
    for (;;) {
      if (show) await shell.writeStderr(ctx, menu());
      show = false;
      await shell.writeStderr(ctx, ctx.store.get('PS3') ?? '#? ');
      const input = new FdInput(ctx.fds.get(0) ?? -1);
      // As `read REPLY`: backslashes escape, the line is kept whole.
      const { text, eof } = await input.read({ delim: '\n', count: -1, backslash: true });
      if (eof) {
        // A line cut short by the end of input only sets REPLY, as read fails on it; bash
        // ends the prompt's line on stdout.
        ctx.store.assign('REPLY', unescapeRead(text, true));
        const out = ctx.fds.get(1);
        if (out !== undefined) await writeFd(out, '\n')?.catch(() => undefined);
        return 1;
      }
      const reply = unescapeRead(text, true);
      ctx.store.assign('REPLY', reply);
      if (reply === '') {
        show = true;
        continue;
      }
      const n = /^\s*[+-]?\d+\s*$/.test(reply) ? Number(reply) : 0;
      ctx.store.assign(cmd.name, n >= 1 && n <= items.length ? items[n - 1]! : '');
      try {
        const b = shell.runStmts(cmd.body, ctx);
        status = b instanceof Promise ? await b : b;
      } catch (e) {
        if (e instanceof BreakSignal) {
          if (e.levels > 1) {
            e.levels--;
            throw e;
          }
          return (ctx.lastStatus = e.status);
        }
        if (e instanceof ContinueSignal) {
          if (e.levels > 1) {
            e.levels--;
            throw e;
          }
          ctx.lastStatus = 0;
          continue;
        }
        throw e;
      }
    }
  } finally {
    ctx.loopDepth--;
    void status;
  }
}
