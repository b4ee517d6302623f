import { describe, expect, it } from 'vitest';
import { cellWidth, wrapCells } from '../../src/shell/repl/cells.js';

const text = (rows: ReturnType<typeof wrapCells>): string[] => rows.map((r) => r.map((s) => s.text).join(''));

describe('wrapCells', () => {
  it('cuts at the last column, inside a word, as a terminal wraps', () => {
    expect(text(wrapCells([{ text: '$ ' }, { text: 'echo abc def' }], 8))).toEqual(['$ echo a', 'bc def']);
  });

  it('keeps styles per segment and merges equal neighbours', () => {
    const rows = wrapCells([{ text: 'ab', color: 'cyan' }, { text: 'cd', color: 'cyan' }, { text: 'e', inverse: true }], 3);
    expect(rows).toEqual([[{ text: 'abc', color: 'cyan' }], [{ text: 'd', color: 'cyan' }, { text: 'e', inverse: true }]]);
  });

  it('a wide character that does not fit starts the next row; marks and escapes take no column', () => {
    expect(text(wrapCells([{ text: 'ab日本' }], 5))).toEqual(['ab日', '本']);
    expect(cellWidth('🎉')).toBe(2);
    expect(cellWidth('e\u0301')).toBe(1);
    expect(text(wrapCells([{ text: '\x1b[32mabc\x1b[0mde' }], 3))).toEqual(['\x1b[32mabc\x1b[0m', 'de']);
  });
});
