// History expansion at the prompt, checked against what bash 5.2 -i printed for the same
// lines (each expectation is bash's own expanded line or error).
import { describe, expect, it } from 'vitest';
import { expandHistory, historyWords } from '../../src/shell/repl/hist-expand.js';

function run(lines: string[]): string[] {
  const hist: string[] = [];
  const out: string[] = [];
  for (const line of lines) {
    const r = expandHistory(line, hist);
    if (r.kind === 'error') {
      out.push('error ' + r.message);
      continue;
    }
    const text = r.kind === 'expanded' ? r.text : line;
    out.push(text);
    hist.push(text);
  }
  return out;
}

describe('history expansion', () => {
  it('event and word designators, modifiers, quick substitution, as bash', () => {
    const got = run([
      'echo one two three',
      'echo !$',
      'echo !^',
      'echo !*',
      'echo !!:1-2',
      'ls /usr/lib/file.tar.gz 2>/dev/null',
      'echo !$:h !$:t !$:r !$:e',
      'echo !ec',
      'echo !?one?',
      'echo !-3',
      '^one^ONE^',
      "echo a 'b!c' \"x\"",
      'echo !!:s/a/A/',
      'echo hi!',
      'echo x != y',
    ]);
    expect(got).toEqual([
      'echo one two three',
      'echo three',
      'echo three',
      'echo three',
      'error :1-2: bad word specifier',
      'ls /usr/lib/file.tar.gz 2>/dev/null',
      'echo /dev null /dev/null /dev/null',
      'echo echo /dev null /dev/null /dev/null',
      'echo echo one two three',
      'echo echo /dev null /dev/null /dev/null',
      'error :s^one^ONE^: substitution failed',
      "echo a 'b!c' \"x\"",
      "echo echo A 'b!c' \"x\"",
      'echo hi!',
      'echo x != y',
    ]);
  });

  it('!!, !N, ranges, :p, :gs, and unknown events', () => {
    const hist = ['make build', 'git commit -m "a b" file.c'];
    expect(expandHistory('sudo !!', hist)).toEqual({ kind: 'expanded', text: 'sudo git commit -m "a b" file.c', printOnly: false });
    expect(expandHistory('!1 && echo ok', hist)).toMatchObject({ text: 'make build && echo ok' });
    expect(expandHistory('echo !!:2-3', hist)).toMatchObject({ text: 'echo -m "a b"' });
    expect(expandHistory('echo !!:2*', hist)).toMatchObject({ text: 'echo -m "a b" file.c' });
    expect(expandHistory('!-2:p', hist)).toEqual({ kind: 'expanded', text: 'make build', printOnly: true });
    expect(expandHistory('!m:gs/b/B/', hist)).toMatchObject({ text: 'make Build' });
    expect(expandHistory('!nosuch', hist)).toEqual({ kind: 'error', message: '!nosuch: event not found' });
    expect(expandHistory('echo \\!! done', hist)).toEqual({ kind: 'same' });
    expect(expandHistory('[[ !(x) ]]', hist)).toEqual({ kind: 'same' });
    for (const line of ['echo ${!prefix*} ${!name}', 'kill $!', 'ls [!a]*', 'if ! grep -q x f; then :; fi']) expect(expandHistory(line, hist), line).toEqual({ kind: 'same' });
    expect(historyWords('ls -l|wc -l >out')).toEqual(['ls', '-l', '|', 'wc', '-l', '>', 'out']);
  });
});
