// set -x: each command is written to stderr after expansion, behind PS4 (its first
// character repeated once per level of command substitution).
import type { ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { Parser } from './parser.js';

const ps4Words = new Map<string, import('./ast.js').Word>();

function ps4(shell: Shell, ctx: ShellContext): string {
  const raw = ctx.store.get('PS4');
  if (raw === undefined) return '+ ';
  if (!raw.includes('$') && !raw.includes('`')) return raw;
  let w = ps4Words.get(raw);
  if (!w) {
    w = new Parser(raw).parseExpandableText();
    ps4Words.set(raw, w);
  }
  // Expanding PS4 must not trace itself.
  const saved = ctx.options.xtrace;
  ctx.options.xtrace = false;
  try {
    const r = shell.expander(ctx).string(w);
    return typeof r === 'string' ? r : '+ ';
  } catch {
    return '+ ';
  } finally {
    ctx.options.xtrace = saved;
  }
}

/** One trace line: PS4 (first character repeated per substitution level) and the words. */
export function xtraceLine(shell: Shell, ctx: ShellContext, parts: string[], newline: boolean): string {
  const p = ps4(shell, ctx);
  const level = ctx.substLevel ?? 0;
  const prefix = level > 0 && p.length ? p[0]!.repeat(level) + p : p;
  return prefix + parts.join(' ') + (newline ? '\n' : '');
}
