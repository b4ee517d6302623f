// Process lifetime: children die with the process that spawned them, and the event
// loop stays alive exactly while children or relays are pending.
import { spawn as nodeSpawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';

import { addonPath, childScript, native, procStat, skipReason } from './helpers.js';

/** Runs `node -e script` with the addon path in AOSH_ADDON; resolves with its exit and stdout. */
async function node(script: string, extraStdio: 'pipe' | 'ignore' = 'ignore') {
  const child = nodeSpawn(process.execPath, ['-e', script], {
    env: { ...process.env, AOSH_ADDON: addonPath, CHILD: childScript },
    stdio: ['ignore', 'pipe', 'inherit', extraStdio],
  });
  return child;
}

async function collect(stream: Readable): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += chunk;
  return out;
}

describe.skipIf(!native)(`native lifecycle ${skipReason}`, () => {
  // The middle node process spawns `sleep` (fds: stdin /dev/null, stdout = its fd 3),
  // prints the pid and hangs. We SIGKILL it; with pdeathsig the sleep dies too, which we
  // observe as EOF on fd 3 (held only by the two of them) - no timing involved.
  const middle = (pdeathsig: number | undefined) => `
    const a = require(process.env.AOSH_ADDON);
    const fs = require('fs');
    const req = { file: '/usr/bin/sleep', argv: ['sleep', '1000'], env: [], cwd: '/', fds: [fs.openSync('/dev/null', 'r'), 3, 2] };
    ${pdeathsig === undefined ? '' : `req.pdeathsig = ${pdeathsig};`}
    const { pid } = a.spawn(req, () => {});
    process.stdout.write(pid + '\\n');
    setInterval(() => {}, 1 << 30);
  `;

  it('a child dies with the process that spawned it (pdeathsig, default SIGKILL)', async () => {
    const mid = await node(middle(undefined), 'pipe');
    const extra = mid.stdio[3] as Readable;
    const grandchildEof = collect(extra);
    const [line] = await once(mid.stdout!, 'data');
    const pid = Number(String(line).trim());
    expect(pid).toBeGreaterThan(0);
    mid.kill('SIGKILL');
    await once(mid, 'exit');
    await grandchildEof; // the sleep is gone: the last holder of the pipe closed it
    // Either reaped by init already, or a zombie awaiting it.
    if (existsSync(`/proc/${pid}/stat`)) expect(procStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))[0]).toBe('Z');
  });

  it('pdeathsig 0 leaves the child running (control)', async () => {
    const mid = await node(middle(0), 'pipe');
    const [line] = await once(mid.stdout!, 'data');
    const pid = Number(String(line).trim());
    mid.kill('SIGKILL');
    await once(mid, 'exit');
    try {
      // No signal was sent when the middle process died, so the sleep is still alive now.
      expect(procStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))[0]).not.toBe('Z');
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  });

  it('keeps the event loop alive until exits and relays are delivered, then lets it end', async () => {
    // Without the ref'd callbacks this script would end before any line is printed.
    const script = `
      const a = require(process.env.AOSH_ADDON);
      a.spawn({ file: process.execPath, argv: ['node', process.env.CHILD, 'exit', '3'], env: [], cwd: '/', fds: [0, 1, 2] },
        (s) => console.log('exit', JSON.stringify(s)));
      const [r, w] = a.pipe();
      const [r2, w2] = a.pipe();
      require('fs').writeSync(w, 'abc');
      a.close(w);
      a.relay(r, w2, (bytes, err) => console.log('relay', bytes, err));
      a.relay(r2, a.pipe()[1], (bytes, err) => console.log('relay2', bytes, err));
    `;
    const child = await node(script);
    const [out, [code]] = await Promise.all([collect(child.stdout!), once(child, 'exit')]);
    expect(code).toBe(0);
    expect(out.split('\n').sort()).toEqual(['', 'exit {"code":3,"signal":null}', 'relay 3 null', 'relay2 3 null'].sort());
  });

  it('does not keep the event loop alive after everything is delivered', async () => {
    // The loop must end by itself once the only child has been reaped (no timers, no handles).
    const script = `
      const a = require(process.env.AOSH_ADDON);
      a.spawn({ file: '/bin/true', argv: ['true'], env: [], cwd: '/', fds: [] }, () => console.log('reaped'));
    `;
    const child = await node(script);
    const [out, [code]] = await Promise.all([collect(child.stdout!), once(child, 'exit')]);
    expect(out).toBe('reaped\n');
    expect(code).toBe(0);
  });
});
