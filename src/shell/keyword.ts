// `set -k` (keyword): every argument written as an assignment goes into the command's
// environment, not only the ones before the command name (bash). The command is rewritten
// once per node: those words become prefix assignments; the rest stay its words.
import type { Assign, SimpleCommand, Word, WordPart } from './ast.js';

const rewritten = new WeakMap<SimpleCommand, SimpleCommand>();

export function keywordCommand(cmd: SimpleCommand): SimpleCommand {
  let out = rewritten.get(cmd);
  if (!out) {
    const assigns: Assign[] = [...cmd.assigns];
    const words: Word[] = [];
    for (const w of cmd.words) {
      const a = asAssignment(w);
      if (a) assigns.push(a);
      else words.push(w);
    }
    out = words.length === cmd.words.length ? cmd : { ...cmd, assigns, words };
    rewritten.set(cmd, out);
  }
  return out;
}

/** `name=value` or `name+=value` as written (the name unquoted), else null. */
function asAssignment(w: Word): Assign | null {
  const first = w.parts[0];
  if (first?.kind !== 'Lit' || first.escaped) return null;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(first.value);
  if (!m) return null;
  const rest = first.value.slice(m[0].length);
  const parts: WordPart[] = rest ? [{ kind: 'Lit', value: rest }, ...w.parts.slice(1)] : w.parts.slice(1);
  const value: Word = { kind: 'Word', parts, pos: w.pos + m[0].length, end: w.end };
  return { kind: 'Assign', name: m[1]!, append: m[2] === '+', value, pos: w.pos, end: w.end };
}
