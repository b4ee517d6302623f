// Styled text cut into terminal rows the way a terminal wraps it: at the last column,
// character by character (ink's own wrapping breaks at spaces, so a long command line was
// laid out unlike bash's, and tmux/terminal copy saw different rows). Pure, for the prompt.

export interface Segment {
  text: string;
  color?: string;
  bold?: boolean;
  inverse?: boolean;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
// Escape sequences a PS1 may hold (colours, titles): no width, never cut.
const ESCAPE = /\x1b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/y;
const WIDE = /[\u1100-\u115f\u231a\u231b\u2329\u232a\u23e9-\u23ec\u23f0\u23f3\u25fd\u25fe\u2614\u2615\u2648-\u2653\u267f\u2693\u26a1\u26aa\u26ab\u26bd\u26be\u26c4\u26c5\u26ce\u26d4\u26ea\u26f2\u26f3\u26f5\u26fa\u26fd\u2705\u270a\u270b\u2728\u274c\u274e\u2753-\u2755\u2757\u2795-\u2797\u27b0\u27bf\u2b1b\u2b1c\u2b50\u2b55\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6]|[\u{1f000}-\u{1faff}\u{20000}-\u{3fffd}]/u;
const ZERO = /^[\p{Mn}\p{Me}\p{Cf}]/u;

/** Columns a user-perceived character takes: 2 for wide (CJK, emoji), 0 for marks, else 1. */
export function cellWidth(g: string): number {
  if (ZERO.test(g)) return 0;
  const cp = g.codePointAt(0)!;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  return WIDE.test(String.fromCodePoint(cp)) ? 2 : 1;
}

/** Splits segments into rows of at most `columns` cells; a wide character that does not fit starts the next row. */
export function wrapCells(segments: readonly Segment[], columns: number): Segment[][] {
  const width = Math.max(2, columns);
  const rows: Segment[][] = [[]];
  let used = 0;
  const put = (seg: Segment, text: string): void => {
    const row = rows[rows.length - 1]!;
    const last = row[row.length - 1];
    if (last && last.color === seg.color && last.bold === seg.bold && last.inverse === seg.inverse) last.text += text;
    else row.push({ ...seg, text });
  };
  for (const seg of segments) {
    let i = 0;
    const s = seg.text;
    while (i < s.length) {
      ESCAPE.lastIndex = i;
      const esc = ESCAPE.exec(s);
      if (esc) {
        put(seg, esc[0]);
        i += esc[0].length;
        continue;
      }
      const next = s.indexOf('\x1b', i + 1);
      const chunk = s.slice(i, next < 0 ? s.length : next);
      for (const { segment: g } of graphemes.segment(chunk)) {
        const w = cellWidth(g);
        if (used + w > width) {
          rows.push([]);
          used = 0;
        }
        put(seg, g);
        used += w;
      }
      i += chunk.length;
    }
  }
  return rows;
}
