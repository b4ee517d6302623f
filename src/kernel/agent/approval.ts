// Approvals for the agent loop. The session's broker (kernel.approvals, src/kernel/approvals.ts)
// is asked when a presenter is registered on it (the REPL's dialog); otherwise a terminal on
// /dev/tty is asked directly; with no terminal at all, "ask" resolves to deny and the loop
// says so on stderr — it never hangs.
//
// "Allow for this session" is remembered on the broker, which lives as long as the session
// (the aosh process), so it covers later calls and later runs alike; what it covers is a
// pattern (policy.ts sessionPatternFor: "npm test *", or the exact command; a write's path).
// A denial may carry the user's reason; it goes back to the model as the tool result.
import { closeSync, openSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ttyModule } from '../../lib/tty.js';
import type { ApprovalAnswer as BrokerAnswer, ApprovalBroker, ApprovalDecision } from '../approvals.js';
import { colorDiff } from './diff.js';
import { relative } from 'node:path';
import { isInside, sessionPatternCovers } from './policy.js';

export type ApprovalAnswer = ApprovalDecision;

/** What asks: the exec and write_file tools, or an MCP server's tool. */
export type ApprovalTool = 'exec' | 'write_file' | 'mcp';

export interface ApprovalRequest {
  /** The requesting agent (process-table / scheduler name). */
  agent: string;
  run: string;
  /** mcp: a tool of an MCP server (`name` is server__tool). */
  tool: ApprovalTool;
  /** One line: "exec: npm test" or "write_file: src/a.ts (+3 -1)". */
  title: string;
  /** Why approval is needed. */
  why: string;
  command?: string;
  path?: string;
  name?: string;
  cwd: string;
  /** write_file: the unified diff of the change (plain text; coloured where shown). */
  diff?: string;
  /** What "allow for this session" covers: a command pattern ("npm test *"), the path, or the MCP tool's name. */
  sessionPattern: string;
}

export interface ApprovalResult {
  answer: ApprovalAnswer;
  /** Who answered: the session broker's presenter, the terminal, or nobody (denied). */
  by: 'broker' | 'tty' | 'none';
  /** The user's reason for a denial, for the model. */
  reason?: string;
}

export interface Approver {
  ask(req: ApprovalRequest, signal?: AbortSignal): Promise<ApprovalResult>;
  /** The remembered "allow for this session" pattern that covers this call, if any. */
  remembered(tool: ApprovalTool, subject: string): string | undefined;
}

type Broker = Pick<ApprovalBroker, 'hasHandler' | 'ask' | 'allowForSession' | 'sessionRule'>;

const KIND = { exec: 'run', write_file: 'write', mcp: 'mcp' } as const;

function covers(tool: ApprovalTool): (pattern: string, subject: string) => boolean {
  return tool === 'exec' ? sessionPatternCovers : (p, s) => p === s;
}

/** The lines shown below a request's title: a write's diff first, then why and where. */
export function requestDetail(req: ApprovalRequest): string {
  return [...(req.diff ? [req.diff.replace(/\n$/, '')] : []), `${req.why} (run ${req.run}, cwd ${req.cwd})`].join('\n');
}

/**
 * The approver for one agent run: the session broker when a presenter is registered on it,
 * else the terminal when `terminal` is true (stderr is a tty) and /dev/tty opens, else deny.
 * Session answers are remembered on the broker (or, without one, for this approver's life).
 */
export function defaultApprover(opts: { terminal: boolean; broker?: Broker | null; color?: boolean }): Approver {
  const local: Array<{ kind: string; pattern: string }> = [];
  const remember = (tool: ApprovalTool, pattern: string): void => {
    if (opts.broker) opts.broker.allowForSession(KIND[tool], pattern);
    else local.push({ kind: KIND[tool], pattern });
  };
  return {
    remembered(tool, subject) {
      if (opts.broker) return opts.broker.sessionRule(KIND[tool], subject, covers(tool));
      return local.find((r) => r.kind === KIND[tool] && covers(tool)(r.pattern, subject))?.pattern;
    },
    async ask(req, signal) {
      const b = opts.broker;
      let result: ApprovalResult | null = null;
      if (b?.hasHandler) {
        const subject = req.tool === 'exec' ? req.command! : req.tool === 'mcp' ? req.name! : req.path!;
        const kind = KIND[req.tool];
        const a: BrokerAnswer = await b.ask({
          kind,
          requester: req.agent,
          title: req.title,
          detail: requestDetail(req),
          key: `${kind}\0${subject}`,
          sessionScope: req.sessionPattern,
        });
        result = { answer: a.decision, by: 'broker', ...(a.reason ? { reason: a.reason } : {}) };
      } else if (opts.terminal) {
        const a = await askTty(req, signal, opts.color ?? false);
        if (a) result = { ...a, by: 'tty' };
      }
      result ??= { answer: 'deny', by: 'none' };
      if (result.answer === 'session') remember(req.tool, req.sessionPattern);
      return result;
    },
  };
}

/** Asks on /dev/tty; null when there is no controlling terminal. */
async function askTty(req: ApprovalRequest, signal: AbortSignal | undefined, color: boolean): Promise<{ answer: ApprovalAnswer; reason?: string } | null> {
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
  const { ReadStream, WriteStream } = ttyModule();
  const input = new ReadStream(fdIn);
  const output = new WriteStream(fdOut);
  const rl = createInterface({ input, output, terminal: true });
  const question = (q: string): Promise<string | null> =>
    new Promise<string | null>((resolve) => {
      const onAbort = (): void => resolve(null);
      signal?.addEventListener('abort', onAbort, { once: true });
      rl.question(q, (ans) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(ans);
      });
      rl.once('close', () => resolve(null));
    });
  try {
    const bold = (s: string): string => (color ? `\x1b[1m${s}\x1b[22m` : s);
    const diff = req.diff ? (color ? colorDiff(req.diff) : req.diff).replace(/\n$/, '') + '\n' : '';
    output.write(`\n${bold(`[agent ${req.run}] ${req.title}`)}\n${diff}  ${req.why} (cwd ${req.cwd})\n`);
    // A write's scope is its path: shown as the model named it, relative to the working directory.
    const scope = req.tool !== 'write_file' ? `\`${req.sessionPattern}\`` : isInside(req.cwd, req.sessionPattern) ? relative(req.cwd, req.sessionPattern) : req.sessionPattern;
    for (;;) {
      const line = await question(`  allow? [y]es once / [a]lways this session (${scope}) / [N]o / [r] no, and say why: `);
      if (line === null) return { answer: 'deny' };
      const a = line.trim().toLowerCase();
      if (a === 'y' || a === 'yes') return { answer: 'once' };
      if (a === 'a' || a === 'always') return { answer: 'session' };
      if (a === '' || a === 'n' || a === 'no') return { answer: 'deny' };
      if (a === 'r' || a === 'reason') {
        const why = await question('  reason (goes to the agent): ');
        if (why === null) return { answer: 'deny' };
        return { answer: 'deny', ...(why.trim() ? { reason: why.trim() } : {}) };
      }
    }
  } finally {
    rl.close();
    input.destroy();
    output.destroy();
  }
}
