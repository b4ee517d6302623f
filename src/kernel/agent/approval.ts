// Approvals for the agent loop. The session's broker (kernel.approvals, src/kernel/approvals.ts)
// is asked when a presenter is registered on it (the REPL's dialog); otherwise a terminal on
// /dev/tty is asked directly; with no terminal at all, "ask" resolves to deny and the loop
// says so on stderr — it never hangs.
import { closeSync, openSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ReadStream, WriteStream } from 'node:tty';
import type { ApprovalBroker, ApprovalDecision } from '../approvals.js';

export type ApprovalAnswer = ApprovalDecision;

export interface ApprovalRequest {
  /** The requesting agent (process-table / scheduler name). */
  agent: string;
  run: string;
  /** mcp: a tool of an MCP server (`name` is server__tool). */
  tool: 'exec' | 'write_file' | 'mcp';
  /** One line: "exec: npm test" or "write_file: src/a.ts (120 bytes)". */
  title: string;
  /** Why approval is needed. */
  why: string;
  command?: string;
  path?: string;
  name?: string;
  cwd: string;
}

export interface ApprovalResult {
  answer: ApprovalAnswer;
  /** Who answered: the session broker's presenter, the terminal, or nobody (denied). */
  by: 'broker' | 'tty' | 'none';
}

export interface Approver {
  ask(req: ApprovalRequest, signal?: AbortSignal): Promise<ApprovalResult>;
}

/**
 * The approver for one agent run: the session broker when a presenter is registered on it,
 * else the terminal when `terminal` is true (stderr is a tty) and /dev/tty opens, else deny.
 */
export function defaultApprover(opts: { terminal: boolean; broker?: Pick<ApprovalBroker, 'hasHandler' | 'request'> | null }): Approver {
  return {
    async ask(req, signal) {
      const b = opts.broker;
      if (b?.hasHandler) {
        const subject = req.tool === 'exec' ? req.command! : req.tool === 'mcp' ? req.name! : req.path!;
        const kind = req.tool === 'exec' ? 'run' : req.tool === 'mcp' ? 'mcp' : 'write';
        const answer = await b.request({
          kind,
          requester: req.agent,
          title: req.title,
          detail: `${req.why} (run ${req.run}, cwd ${req.cwd})`,
          key: `${kind}\0${subject}`,
        });
        return { answer, by: 'broker' };
      }
      if (opts.terminal) {
        const a = await askTty(req, signal);
        if (a) return { answer: a, by: 'tty' };
      }
      return { answer: 'deny', by: 'none' };
    },
  };
}

/** Asks on /dev/tty; null when there is no controlling terminal. */
async function askTty(req: ApprovalRequest, signal?: AbortSignal): Promise<ApprovalAnswer | null> {
  let fdIn: number;
  let fdOut: number;
  try {
    fdIn = openSync('/dev/tty', 'r');
  } catch {
    return null;
  }
  try {
    fdOut = openSync('/dev/tty', 'w');
  } catch {
    closeSync(fdIn);
    return null;
  }
  const input = new ReadStream(fdIn);
  const output = new WriteStream(fdOut);
  const rl = createInterface({ input, output, terminal: true });
  try {
    output.write(`\n[agent ${req.run}] ${req.title}\n  ${req.why} (cwd ${req.cwd})\n`);
    for (;;) {
      const line = await new Promise<string | null>((resolve) => {
        const onAbort = (): void => resolve(null);
        signal?.addEventListener('abort', onAbort, { once: true });
        rl.question('  allow? [y]es once / [a]lways this run / [N]o: ', (ans) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(ans);
        });
        rl.once('close', () => resolve(null));
      });
      if (line === null) return 'deny';
      const a = line.trim().toLowerCase();
      if (a === 'y' || a === 'yes') return 'once';
      if (a === 'a' || a === 'always') return 'session';
      if (a === '' || a === 'n' || a === 'no') return 'deny';
    }
  } finally {
    rl.close();
    input.destroy();
    output.destroy();
  }
}
