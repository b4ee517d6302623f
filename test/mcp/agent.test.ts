// agent with the tools of configured MCP servers: a scripted model (a local server speaking
// the OpenAI API) calls tools of the real @modelcontextprotocol/server-filesystem, which runs
// as a sandboxed stage; approval modes and "trust" decide as for exec; a failing or hanging
// server is reported and the run goes on.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agent, call, journal, openaiEnv, runIds, sandbox, steps, type Sandbox } from '../agent/helpers.js';
import { scripted, startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { filesystemServer, fixtureServer, projectServers } from './helpers.js';

let server: FakeServer;
let sb: Sandbox;
beforeEach(async () => {
  server = await startFakeOpenAI();
  sb = sandbox();
  writeFileSync(join(sb.work, 'todo.txt'), 'buy milk\n');
});
afterEach(async () => {
  await server.close();
  sb.cleanup();
});

const fs = { command: process.execPath, args: [filesystemServer, '.'] };

const toolMessages = (i: number): string[] => server.requests[i]!.body.messages.filter((m: any) => m.role === 'tool').map((m: any) => m.content);

describe('agent offers MCP servers\' tools as server__tool', () => {
  it('the model reads and writes through the real filesystem server (a sandboxed stage); calls are checkpointed and audited', async () => {
    projectServers(sb.work, { fs });
    server.respond(
      scripted([
        call('fs__read_text_file', { path: 'todo.txt' }),
        call('fs__write_file', { path: 'done.txt', content: 'bought milk\n' }),
        call('done', { answer: 'done through MCP' }),
      ]),
    );
    const r = await agent(sb, openaiEnv(sb, server.url), ['--mode', 'auto', 'do the todo']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('done through MCP\n');
    expect(readFileSync(join(sb.work, 'done.txt'), 'utf8')).toBe('bought milk\n');

    // The tools went to the model with the server's own schemas, next to the built-in ones.
    const tools = server.requests[0]!.body.tools.map((t: any) => t.function);
    const names = tools.map((t: any) => t.name);
    expect(names.slice(0, 6)).toEqual(['exec', 'read_file', 'write_file', 'list_dir', 'think', 'done']);
    expect(names).toEqual(expect.arrayContaining(['fs__read_text_file', 'fs__write_file', 'fs__list_directory']));
    const read = tools.find((t: any) => t.name === 'fs__read_text_file');
    expect(read.description).toMatch(/^\[MCP server fs\] /);
    expect(read.parameters).toMatchObject({ type: 'object', properties: { path: { type: 'string' } }, required: ['path'] });
    expect(read.parameters.$schema).toBeUndefined();
    expect(toolMessages(1)).toEqual(['buy milk\n']);
    expect(toolMessages(2)[1]).toContain('Successfully wrote to');

    const [id] = runIds(sb.home);
    const s = steps(sb.home, id!);
    expect(s.find((x) => x.kind === 'call' && x.name === 'fs__write_file')).toMatchObject({ decision: 'allowed', arguments: { path: 'done.txt' } });
    expect(s.find((x) => x.kind === 'result' && x.name === 'fs__read_text_file')).toMatchObject({ ok: true, output: 'buy milk\n' });
    const j = journal(sb.home);
    expect(j.filter((x) => x.type === 'agent.mcp').map((x) => x.tool)).toEqual(['fs__read_text_file', 'fs__write_file']);
    // The server ran as a kernel stage (on the session's record like every process).
    expect(j.find((x) => x.type === 'proc.spawn' && x.name === 'mcp:fs')).toMatchObject({ command: expect.stringContaining('server-filesystem') });
  });

  it('needs approval like exec: auto-edit without a terminal denies; "trust": true runs; excludeTools leaves a tool out', async () => {
    projectServers(sb.work, { fs });
    server.respond(scripted([call('fs__write_file', { path: 'x.txt', content: 'x' }), call('done', { answer: 'gave up' })]));
    const r = await agent(sb, openaiEnv(sb, server.url), ['write x']);
    // The model finished after the denial: its answer stands (agent's exit rule), the denial is noted.
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('note: 1 action was denied during this run');
    expect(toolMessages(1)[0]).toMatch(/^denied: MCP tool fs__write_file needs approval in --mode auto-edit, and there is no terminal to ask: denied/);
    expect(existsSync(join(sb.work, 'x.txt'))).toBe(false);

    projectServers(sb.work, { fs: { ...fs, trust: true, excludeTools: ['move_file'] } });
    server.respond(scripted([call('fs__write_file', { path: 'x.txt', content: 'x' }), call('done', { answer: 'wrote it' })]));
    const r2 = await agent(sb, openaiEnv(sb, server.url), ['write x']);
    expect(r2.status, r2.stderr).toBe(0);
    expect(readFileSync(join(sb.work, 'x.txt'), 'utf8')).toBe('x');
    const offered = server.requests.at(-2)!.body.tools.map((t: any) => t.function.name);
    expect(offered).toContain('fs__write_file');
    expect(offered).not.toContain('fs__move_file');

    // --no-mcp: none of them.
    server.respond(scripted([{ text: 'no tools' }]));
    const r3 = await agent(sb, openaiEnv(sb, server.url), ['--no-mcp', 'look']);
    expect(r3.status, r3.stderr).toBe(0);
    expect(server.requests.at(-1)!.body.tools.map((t: any) => t.function.name)).toEqual(['exec', 'read_file', 'write_file', 'list_dir', 'think', 'done']);
  });

  it('a server that fails to start is reported and left out; a tool that hangs or crashes is a tool error, the run goes on', async () => {
    projectServers(sb.work, {
      fx: { command: process.execPath, args: [fixtureServer], timeout: 1500, trust: true },
      broken: { command: process.execPath, args: [fixtureServer], env: { MCP_FIXTURE: 'crash-start' } },
    });
    server.respond(
      scripted([
        call('fx__hang', {}),
        call('fx__crash', {}),
        call('fx__echo', { text: 'back again' }),
        call('done', { answer: 'survived' }),
      ]),
    );
    const r = await agent(sb, openaiEnv(sb, server.url), ['try the tools']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('survived\n');
    expect(r.stderr).toContain('agent: mcp: broken: exited with status 3: fixture: cannot start: missing configuration; its tools are not offered');
    const names = server.requests[0]!.body.tools.map((t: any) => t.function.name);
    expect(names).toContain('fx__echo');
    expect(names.some((n: string) => n.startsWith('broken__'))).toBe(false);
    const results = toolMessages(3);
    expect(results[0]).toMatch(/^error: fx: hang did not answer within 1\.5s/);
    expect(results[1]).toBe('error: fx: exited with status 5: fixture: crashing on purpose (during crash)');
    expect(results[2]).toBe('back again');
  });
});
