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
  const menu = (): string => selectMenu(items, columns(ctx));
  let status = 0;
  let show = true;
  // The head is traced once, as written, before the first menu.
  if (ctx.options.xtrace) await shell.writeTrace(ctx, xtraceLine(shell, ctx, [`select ${cmd.name} in ${headWords(ctx, cmd.items)}`], true));
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

/** The width the menu is laid out in: $COLUMNS when it is a positive number, else 80 (bash). */
function columns(ctx: ShellContext): number {
  const c = parseInt(ctx.store.get('COLUMNS') ?? '', 10);
  return c > 0 ? c : 80;
}

/**
 * bash's menu layout: as many columns as fit in `cols`, filled top to bottom, each entry
 * padded with tabs (8 wide) and spaces to the widest entry plus its number and two blanks.
 */
export function selectMenu(items: readonly string[], cols: number): string {
  const n = items.length;
  const numLen = String(n).length;
  const maxLen = Math.max(...items.map((w) => [...w].length)) + numLen + 4;
  let ncols = Math.floor(cols / maxLen) || 1;
  let rows = Math.ceil(n / ncols);
  ncols = Math.ceil(n / rows);
  if (rows === 1) {
    rows = ncols;
    ncols = 1;
  }
  const firstLen = String(rows).length;
  let out = '';
  for (let row = 0; row < rows; row++) {
    let pos = 0;
    for (let ind = row; ; ) {
      const w = pos === 0 ? firstLen : numLen;
      out += `${String(ind + 1).padStart(w)}) ${items[ind]}`;
      const len = [...items[ind]!].length + w + 2;
      ind += rows;
      if (ind >= n) break;
      out += padTo(pos + len, pos + maxLen);
      pos += maxLen;
    }
    out += '\n';
  }
  return out;
}

/** Tabs while a tab stop is on the way, then spaces (bash's indent()). */
function padTo(from: number, to: number): string {
  let out = '';
  while (from < to) {
    if (Math.floor(to / 8) > Math.floor(from / 8)) {
      out += '\t';
      from += 8 - (from % 8);
    } else {
      out += ' ';
      from++;
    }
  }
  return out;
}
