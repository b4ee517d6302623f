// Every limit has a documented default, a config.json key and an environment variable
// (limits.ts), and the README's table says the same as the code.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMIT_TABLE, defaultLimits, loadLimits } from '../../src/kernel/limits.js';
import { root } from '../helpers/run-aosh.js';

describe('kernel limits', () => {
  it('README.md documents every limit with its key, variable and default', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const rows = new Map([...readme.matchAll(/^\| `(\w+)` \| `(AOSH_LIMIT_\w+)` \| ([^|]+) \|/gm)].map((m) => [m[1]!, { env: m[2]!, value: m[3]!.trim() }]));
    expect([...rows.keys()]).toEqual(LIMIT_TABLE.map((l) => l.name));
    for (const l of LIMIT_TABLE) {
      const row = rows.get(l.name)!;
      expect(row.env).toBe(l.env);
      const shown = l.kind === 'bytes' ? (l.value >= 1 << 20 ? `${l.value / (1 << 20)} MiB` : l.value >= 1024 ? `${l.value / 1024} KiB` : `${l.value} B`) : l.kind === 'seconds' ? `${l.value} s` : l.value.toLocaleString('en-US');
      expect(row.value).toBe(shown);
    }
  });

  it('config.json, then the environment, then explicit overrides; invalid values keep the default with one warning', () => {
    const home = mkdtempSync(join(tmpdir(), 'aosh-limits-'));
    try {
      writeFileSync(join(home, 'config.json'), JSON.stringify({ limits: { mailbox_bytes: '4M', proc_history: 10, store_scope_bytes: 'lots' } }));
      const warnings: string[] = [];
      const l = loadLimits({ home, env: { AOSH_LIMIT_PROC_HISTORY: '20', AOSH_LIMIT_JSON_DEPTH: '-3' }, overrides: { answerBytes: 1000 }, warn: (w) => warnings.push(w) });
      expect(l.mailboxBytes).toBe(4 << 20);
      expect(l.procHistory).toBe(20);
      expect(l.answerBytes).toBe(1000);
      expect(l.jsonDepth).toBe(defaultLimits().jsonDepth);
      expect(l.storeScopeBytes).toBe(defaultLimits().storeScopeBytes);
      expect(warnings.sort()).toEqual([
        `aosh: warning: ${home}/config.json limits.store_scope_bytes: invalid size "lots"; keeping 16 MiB`,
        'aosh: warning: AOSH_LIMIT_JSON_DEPTH: invalid number "-3"; keeping 64',
      ].sort());
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('keeps the connection limit under a quarter of the fd limit', () => {
    const fds = Number(/^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))![1]);
    expect(loadLimits({ env: {}, overrides: { connections: 10 ** 9 } }).connections).toBe(Math.floor(fds / 4));
  });
});
