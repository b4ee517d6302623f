import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { ApprovalApp, ReplApp, type ReplAppProps } from '../../src/shell/repl/components/App.js';
import { StatusPanel, type AgentRow } from '../../src/shell/repl/components/StatusPanel.js';
import { ApprovalDialog } from '../../src/shell/repl/components/ApprovalDialog.js';
import { ApprovalQueueImpl } from '../../src/shell/repl/approval-queue.js';
import type { AgentSource } from '../../src/shell/repl/hooks/useAgents.js';
import { isIncomplete } from '../../src/shell/repl/session.js';
import type { PromptResult } from '../../src/shell/repl/ui-state.js';
import { listBuiltins } from '../../src/builtins/index.js';
import { KeyQueue } from '../../src/shell/repl/keyboard.js';

const tick = (ms = 100): Promise<void> => new Promise((r) => setTimeout(r, ms));

function agents(rows: AgentRow[] = []): AgentSource {
  return { sample: () => rows, subscribe: () => () => undefined };
}

function app(over: Partial<ReplAppProps> = {}) {
  const results: PromptResult[] = [];
  const keys = new KeyQueue();
  const props: ReplAppProps = {
    cwd: '/home/u/proj',
    home: '/home/u',
    status: 0,
    history: ['echo one', 'ls -l'],
    sources: { cwd: '/', builtins: listBuiltins(), pathCommands: () => [], procs: () => [] },
    isIncomplete,
    agents: agents(),
    approvals: null,
    color: false,
    panelOpen: false,
    columns: 60,
    keys,
    onDone: (r) => results.push(r),
    ...over,
  };
  const r = render(<ReplApp {...props} />);
  // Keys as the terminal would send them.
  const stdin = { write: (data: string) => keys.pushRaw(data) };
  return { ...r, stdin, keys, results };
}

afterEach(() => cleanup());

describe('ReplApp', () => {
  it('shows the cwd, the last status and running agents in the prompt', async () => {
    const { lastFrame } = app({ status: 2, agents: agents([{ id: 1, name: 'w', state: 'running', cpu: 0, memory: 0 }]) });
    await tick();
    expect(lastFrame()!.split('\n')[0]).toBe('~/proj [2] (1 running) $');
  });

  it('edits a line and submits it', async () => {
    const { stdin, lastFrame, results } = app();
    await tick();
    stdin.write('echo hi');
    await tick();
    expect(lastFrame()).toContain('~/proj $ echo hi');
    stdin.write('\r');
    await tick();
    expect(results).toEqual([{ kind: 'line', text: 'echo hi' }]);
  });

  it('recalls history with Up', async () => {
    const { stdin, lastFrame } = app();
    await tick();
    stdin.write('\x1b[A');
    await tick();
    expect(lastFrame()).toContain('$ ls -l');
  });

  it('asks for more with a continuation prompt when the input is incomplete', async () => {
    const { stdin, lastFrame, results } = app();
    await tick();
    stdin.write('if true; then\r');
    await tick();
    expect(lastFrame()).toMatch(/\$ if true; then\n>/);
    expect(results).toEqual([]);
    stdin.write('echo yes\r');
    await tick();
    stdin.write('fi\r');
    await tick();
    expect(results).toEqual([{ kind: 'line', text: 'if true; then\necho yes\nfi' }]);
  });

  it('completes a unique builtin and lists ambiguous ones', async () => {
    const { stdin, lastFrame } = app();
    await tick();
    stdin.write('spaw\t');
    await tick();
    expect(lastFrame()).toContain('$ spawn');
    stdin.write('x');
    await tick();
    expect(lastFrame()).toContain('$ spawn x');
    stdin.write('\x15e\t');
    await tick();
    const frame = lastFrame()!;
    expect(frame).toContain('echo');
    expect(frame).toContain('eval');
    expect(frame).toContain('exit');
  });

  it('shows reverse search', async () => {
    const { stdin, lastFrame } = app();
    await tick();
    stdin.write('\x12ech');
    await tick();
    // As readline shows it: (reverse-i-search)`ech': ...
    expect(lastFrame()).toContain("(reverse-i-search)`ech': echo one");
  });

  it('warns once on Ctrl-D while agents run, exits on the second', async () => {
    const { stdin, lastFrame, results } = app({ agents: agents([{ id: 1, name: 'w', state: 'running', cpu: 1, memory: 1024 }]) });
    await tick();
    stdin.write('\x04');
    await tick();
    expect(lastFrame()).toContain('still running');
    expect(results).toEqual([]);
    stdin.write('\x04');
    await tick();
    expect(results).toEqual([{ kind: 'eof' }]);
  });

  it('takes one pasted line per prompt and leaves the rest queued', async () => {
    const { stdin, results, keys } = app();
    await tick();
    stdin.write('echo a\recho b\recho c\r');
    await tick();
    expect(results).toEqual([{ kind: 'line', text: 'echo a' }]);
    // The keys after the first Enter wait for the next prompt.
    expect(keys.pending).toBe(4);
  });

  it('Ctrl-C abandons the line', async () => {
    const { stdin, results, lastFrame } = app();
    await tick();
    stdin.write('abc\x03');
    await tick();
    expect(results).toEqual([{ kind: 'interrupt' }]);
    expect(lastFrame()).toContain('$ abc^C');
  });

  it('Ctrl-C on a continuation line shows ^C on that line, as bash does', async () => {
    const { stdin, results, lastFrame } = app();
    await tick();
    stdin.write("echo 'a\rb\x03");
    await tick();
    expect(results).toEqual([{ kind: 'interrupt' }]);
    // It used to follow the first line ("$ echo 'a^C"), leaving "> b" below it.
    expect(lastFrame()!.split('\n').slice(0, 2)).toEqual(["~/proj $ echo 'a", '> b^C']);
  });

  it('still works narrower than 40 columns', async () => {
    const { stdin, lastFrame } = app({ columns: 24, status: 1 });
    await tick();
    stdin.write('echo a long command line');
    await tick();
    const frame = lastFrame()!;
    expect(frame.startsWith('proj [1] $ echo')).toBe(true);
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(24);
  });

  it('shows an approval request and answers it from the keyboard', async () => {
    const queue = new ApprovalQueueImpl();
    const { stdin, lastFrame } = app({ approvals: queue });
    await tick();
    const answer = queue.ask({ kind: 'run', requester: 'fixer', title: 'rm -rf build' });
    await tick();
    expect(lastFrame()).toContain('fixer asks to run:');
    expect(lastFrame()).toContain('rm -rf build');
    stdin.write('\x1b[B');
    await tick();
    expect(lastFrame()).toContain('› Allow for this session (a)');
    stdin.write('\r');
    expect(await answer).toBe('session');
    await tick();
    expect(lastFrame()).not.toContain('asks to run');
  });
});

describe('StatusPanel', () => {
  const rows: AgentRow[] = [
    { id: 3, name: 'summarize', state: 'running', cpu: 12.4, memory: 5 * 1024 * 1024 },
    { id: 4, name: 'tests', state: 'stopped', cpu: null, memory: null },
  ];
  it('summarizes running agents on one line', () => {
    const { lastFrame } = render(<StatusPanel agents={rows} expanded={false} columns={80} color={false} />);
    expect(lastFrame()).toBe('● 2 running: summarize#3 12%  tests#4 stopped');
  });
  it('shows a table when expanded', () => {
    const { lastFrame } = render(<StatusPanel agents={rows} expanded columns={80} color={false} />);
    const f = lastFrame()!;
    expect(f).toMatch(/ID\s+NAME\s+STATE\s+CPU\s+TIME\s+MEM/);
    expect(f).toMatch(/3\s+summarize\s+running\s+12%\s+-\s+5\.0M/);
    expect(f).toMatch(/4\s+tests\s+stopped\s+-\s+-\s+-/);
  });
  it('shows cpu time as ps does and the last line of output', () => {
    const f = render(<StatusPanel agents={[{ id: 5, name: 'w', state: 'running', cpu: 3, cpuSeconds: 1.5, memory: 2048, output: 'step 3 of 9' }]} expanded columns={80} color={false} />).lastFrame()!;
    expect(f).toMatch(/ID\s+NAME\s+STATE\s+CPU\s+TIME\s+MEM\s+OUTPUT/);
    expect(f).toMatch(/5\s+w\s+running\s+3\.0%\s+1\.50s\s+2\.0K\s+step 3 of 9/);
  });
  it('renders nothing when no agent runs and the panel is closed', () => {
    const { lastFrame } = render(<StatusPanel agents={[]} expanded={false} columns={80} color={false} />);
    expect(lastFrame()).toBe('');
  });
});

describe('ApprovalDialog', () => {
  it('shows the command, the diff and the three choices', () => {
    const { lastFrame } = render(
      <ApprovalDialog request={{ kind: 'write', requester: 'agent', title: 'src/a.ts', detail: '-old\n+new' }} selected={0} columns={60} color={false} />,
    );
    const f = lastFrame()!;
    for (const s of ['agent asks to write:', 'src/a.ts', '-old', '+new', '› Allow once (y)', 'Allow for this session (a)', 'Deny (n)']) expect(f).toContain(s);
  });
  it('shows what "allow for this session" covers, and as much of a diff as the terminal has rows for', () => {
    const diff = ['--- a/x', '+++ b/x', '@@ -1,40 +1,40 @@', ...Array.from({ length: 40 }, (_, i) => `-old ${i}`)].join('\n');
    const { lastFrame } = render(
      <ApprovalDialog request={{ kind: 'run', requester: 'agent', title: 'exec: npm test', detail: diff, sessionScope: 'npm test *' }} selected={1} rows={30} columns={80} color={false} />,
    );
    const f = lastFrame()!;
    expect(f).toContain('› Allow for this session: npm test * (a)');
    expect(f).toContain('Deny, and tell the agent why (r)');
    expect(f).toContain('-old 15');
    expect(f).not.toContain('-old 16');
    expect(f).toContain('[... 24 more lines]');
  });

  it('standalone: r, a reason and Enter deny with that reason; Esc goes back to the choices', async () => {
    const queue = new ApprovalQueueImpl();
    const answer = queue.ask({ kind: 'run', requester: 'a', title: 'npm install' });
    const keys = new KeyQueue();
    const stdin = { write: (d: string) => keys.pushRaw(d) };
    const { lastFrame } = render(<ApprovalApp queue={queue} keys={keys} color={false} columns={60} />);
    await tick();
    stdin.write('r');
    await tick();
    expect(lastFrame()).toContain('Reason for the agent: ▏');
    stdin.write('\x1b');
    await tick();
    expect(lastFrame()).toContain('Allow once (y)');
    stdin.write('ruse the ');
    await tick();
    stdin.write('vendored copy');
    await tick();
    expect(lastFrame()).toContain('Reason for the agent: use the vendored copy▏');
    stdin.write('\r');
    expect(await answer).toEqual({ decision: 'deny', reason: 'use the vendored copy' });
  });

  it('standalone: n denies', async () => {
    const queue = new ApprovalQueueImpl();
    const answer = queue.ask({ kind: 'run', requester: 'a', title: 'curl x' });
    const keys = new KeyQueue();
    const { lastFrame } = render(<ApprovalApp queue={queue} keys={keys} color={false} columns={50} />);
    await tick();
    expect(lastFrame()).toContain('curl x');
    keys.pushRaw('n');
    expect(await answer).toBe('deny');
  });
});
