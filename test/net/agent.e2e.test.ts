// The agent loop's tools under --allow-net=HOST,…: its exec stages run in a world of the
// agent's own permissions, so they reach the outside only through that world's proxy, with
// the agent's list (the intersection with the session's). The model is the local fake
// OpenAI server; names come from AOSH_NET_HOSTS; the servers are on loopback.
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { scripted, startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { runAosh } from '../helpers/run-aosh.js';
import { call, openaiEnv, sandbox, type Sandbox } from '../agent/helpers.js';

describe('agent tools and --allow-net=HOST,…', () => {
  let llm: FakeServer;
  let web: Server;
  let port = 0;
  let sb: Sandbox;
  const seen: string[] = [];

  beforeAll(async () => {
    llm = await startFakeOpenAI();
    web = createServer((req, res) => {
      seen.push(`${req.headers.host} ${req.url}`);
      res.end(`served ${req.url}\n`);
    });
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    port = (web.address() as AddressInfo).port;
    sb = sandbox();
    writeFileSync(join(sb.home, 'hosts'), '127.0.0.1 allowed.test other.test\n');
  });
  afterAll(async () => {
    await llm.close();
    web.close();
    sb.cleanup();
  });

  it("an exec tool reaches the agent's hosts through its proxy and is refused the others", async () => {
    llm.respond(
      scripted([
        call('exec', { command: `curl -sS http://allowed.test:${port}/tool; curl -s -o /dev/null -w 'other=%{http_code}\\n' http://other.test:${port}/` }),
        call('done', { answer: 'fetched' }),
      ]),
    );
    const env = openaiEnv(sb, llm.url, { AOSH_NET_HOSTS: join(sb.home, 'hosts') });
    // The session may reach both; the agent asks for one.
    const r = await runAosh(['--allow-net=allowed.test,other.test', 'agent', '--mode', 'auto', '--allow-net=allowed.test', 'fetch it'], { cwd: sb.work, env, timeoutMs: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    const tool = llm.requests[1]!.body.messages.filter((m: any) => m.role === 'tool')[0].content as string;
    expect(tool).toContain(`served /tool`);
    expect(tool).toContain('other=403');
    expect(seen).toEqual([`allowed.test:${port} /tool`]);
  });
});
