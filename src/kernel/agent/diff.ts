// Unified diffs of what write_file is about to change, for the approval question, the
// progress output and `agent trace`: Myers' O(ND) line diff (after trimming the common
// head and tail, which is most of an edit), hunks with 3 lines of context, `diff -u`'s
// format. Past MAX_EDITS differing lines (fewer for big files) it stops searching and
// shows a full replacement.
const MAX_EDITS = 4000;
/** About this many steps of the search at most (a few hundred milliseconds at worst). */
const WORK_LIMIT = 100_000_000;

export interface Diff {
  /** The unified diff ("--- a/path", "+++ b/path", "@@ … @@" hunks); '' when nothing changes. */
  text: string;
  added: number;
  removed: number;
}

type Op = { kind: ' ' | '-' | '+'; line: string };

const NO_NEWLINE = '\n\\ No newline at end of file';

/** Lines without their newline; a last line without one carries diff -u's marker, so it differs from the same text with one. */
function splitLines(s: string): string[] {
  if (s === '') return [];
  const finalNewline = s.endsWith('\n');
  const lines = (finalNewline ? s.slice(0, -1) : s).split('\n');
  if (!finalNewline) lines[lines.length - 1] += NO_NEWLINE;
  return lines;
}

/** The edit script turning A into B (Myers 1986, greedy forward search), or null past the edit limit. */
function myers(a: string[], b: string[]): Op[] | null {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  // Work is O((N+M)·D): a big rewrite stops early and is shown as a full replacement.
  const limit = Math.min(max, MAX_EDITS, Math.max(50, Math.floor(WORK_LIMIT / Math.max(1, max))));
  const off = max + 1;
  // V is updated in place (a round reads only the other parity); each round keeps the
  // slice it can read, k in [-d-1, d+1], so the trace is O(D²), not O(D·(N+M)).
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  const at = (dd: number, k: number): number => trace[dd]![k + dd + 1]!;
  for (let d = 0; d <= limit; d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) {
        // Walk the trace back from (n, m) to (0, 0).
        const ops: Op[] = [];
        let cx = n;
        let cy = m;
        for (let dd = d; dd > 0; dd--) {
          const kk = cx - cy;
          const prevK = kk === -dd || (kk !== dd && at(dd, kk - 1) < at(dd, kk + 1)) ? kk + 1 : kk - 1;
          const px = at(dd, prevK);
          const py = px - prevK;
          while (cx > px && cy > py) {
            ops.push({ kind: ' ', line: a[--cx]! });
            cy--;
          }
          if (cx === px) ops.push({ kind: '+', line: b[--cy]! });
          else ops.push({ kind: '-', line: a[--cx]! });
        }
        while (cx > 0 && cy > 0) {
          ops.push({ kind: ' ', line: a[--cx]! });
          cy--;
        }
        return ops.reverse();
      }
    }
  }
  return null;
}

function editScript(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  // Nothing in common (a rewrite): no search can find a shorter script than replacing it all.
  const inA = new Set(midA);
  const shared = midB.some((l) => inA.has(l));
  const mid = (shared ? myers(midA, midB) : null) ?? [...midA.map((line) => ({ kind: '-' as const, line })), ...midB.map((line) => ({ kind: '+' as const, line }))];
  return [...a.slice(0, head).map((line) => ({ kind: ' ' as const, line })), ...mid, ...a.slice(a.length - tail).map((line) => ({ kind: ' ' as const, line }))];
}

const range = (start: number, count: number): string => (count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`);

/** A unified diff from OLD (null: the file does not exist) to NEW, named PATH. */
export function unifiedDiff(old: string | null, next: string, path: string, context = 3): Diff {
  const ops = editScript(splitLines(old ?? ''), splitLines(next));
  let added = 0;
  let removed = 0;
  for (const o of ops) {
    if (o.kind === '+') added++;
    else if (o.kind === '-') removed++;
  }
  if (!added && !removed) return { text: '', added: 0, removed: 0 };

  const out: string[] = [old === null ? '--- /dev/null' : `--- a/${path}`, `+++ b/${path}`];
  let i = 0;
  let aLine = 1;
  let bLine = 1;
  while (i < ops.length) {
    // Next change.
    let j = i;
    while (j < ops.length && ops[j]!.kind === ' ') j++;
    if (j >= ops.length) break;
    const skip = Math.max(0, j - i - context);
    aLine += skip;
    bLine += skip;
    const start = i + skip;
    // Extend the hunk while changes are within 2*context lines of each other.
    let end = j;
    for (;;) {
      while (end < ops.length && ops[end]!.kind !== ' ') end++;
      let gap = end;
      while (gap < ops.length && ops[gap]!.kind === ' ') gap++;
      if (gap < ops.length && gap - end <= 2 * context) end = gap;
      else {
        end = Math.min(ops.length, end + context);
        break;
      }
    }
    const hunk = ops.slice(start, end);
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${range(aLine, aCount)} +${range(bLine, bCount)} @@`);
    for (const o of hunk) out.push(o.kind + o.line);
    aLine += aCount;
    bLine += bCount;
    i = end;
  }
  return { text: out.join('\n') + '\n', added, removed };
}

/** At most MAX lines of a diff, with a last line saying what was left out. */
export function clipDiff(text: string, max: number): string {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.length <= max) return text;
  return lines.slice(0, max).join('\n') + `\n[... ${lines.length - max} more diff lines]\n`;
}

/** The diff in colour for a terminal: headers bold, hunks cyan, removals red, additions green. */
export function colorDiff(text: string): string {
  return text
    .split('\n')
    .map((l) => {
      if (l.startsWith('+++') || l.startsWith('---')) return `\x1b[1m${l}\x1b[22m`;
      if (l.startsWith('@@')) return `\x1b[36m${l}\x1b[39m`;
      if (l.startsWith('+')) return `\x1b[32m${l}\x1b[39m`;
      if (l.startsWith('-')) return `\x1b[31m${l}\x1b[39m`;
      return l;
    })
    .join('\n');
}
