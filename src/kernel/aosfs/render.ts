// What each file of the agents-as-files tree says: pure functions from kernel state to text,
// so the layout is testable without a kernel. One word where a script would `cat` and compare
// (status, cost, tokens), `Key:\tvalue` lines where Linux's /proc does the same (procs/<id>/status).
import type { BudgetStatus } from '../llm/budgets.js';
import type { AgentLlmUsage } from '../llm/service.js';
import { PERMISSION_KINDS, type PermissionSet } from '../permissions.js';
import type { Limits, ProcEntry } from '../process-table.js';

export const README = `This directory mirrors the aosh kernel's state (read-only; writing is by CLI).

agents/<name>/status        running | stopped | restarting | exited | killed | oom-killed | failed | idle
agents/<name>/cost          US dollars its LLM calls cost in this session
agents/<name>/tokens        tokens its LLM calls used (input + output)
agents/<name>/output        its last completed LLM answer
agents/<name>/log           append-only: starts, signals, exits, LLM calls, denials
agents/<name>/limits        memory/cpu/pids limits and LLM budgets
agents/<name>/permissions   what it may do (read, write, run, net, env, think, spawn)
agents/<name>/stdout,stderr what it printed, when the kernel holds its output (started from the dashboard)
procs/<id>/status           Key: value lines, like /proc/PID/status
procs/<id>/cmdline          the command line
procs/<id>/cgroup           its cgroup directory on the host
channels/<name>/bytes       bytes moved (pipeline channels ch<N>, named channels from pipe mk)
channels/<name>/info        Key: value lines
system/budget               every LLM budget: limit, used, reserved, remaining
system/isolation            the sandbox and the isolation stages get
system/session              aosh's pid, start time and working directory
conversations/YYYY/MM/DD/<id>/  meta.json, transcript.jsonl, transcript.md
`;

/** The one-word status of an agent: its newest process's state, or idle for an LLM-only caller. */
export function agentStatus(entry: ProcEntry | undefined): string {
  return entry ? entry.state : 'idle';
}

export function usd(n: number): string {
  return `${n.toFixed(6)}\n`;
}

export function procStatus(e: ProcEntry): string {
  const dash = (v: unknown): string => (v === null || v === undefined || v === '' ? '-' : String(v));
  const rows: [string, unknown][] = [
    ['Name', e.name],
    ['Id', e.id],
    ['Pid', e.pid],
    ['State', e.state],
    ['Kind', e.kind],
    ['Agent', e.agent ? 'yes' : 'no'],
    ['Parent', e.parent],
    ['Job', e.job],
    ['Isolation', e.isolation],
    ['Restarts', e.restarts],
    ['ExitCode', e.exitCode],
    ['Signal', e.signal],
    ['Status', e.status],
    ['Started', new Date(e.startedAt).toISOString()],
    ['Ended', e.endedAt === null ? null : new Date(e.endedAt).toISOString()],
  ];
  return rows.map(([k, v]) => `${k}:\t${dash(v)}\n`).join('');
}

export function limitsText(l: Limits, budgets: BudgetStatus[]): string {
  const out = [
    `memory: ${l.memoryBytes ? `${l.memoryBytes}` : 'unlimited'}\n`,
    `cpu: ${l.cpu ? `${l.cpu}` : 'unlimited'}\n`,
    `pids: ${l.pids ? `${l.pids}` : 'unlimited'}\n`,
  ];
  for (const b of budgets) out.push(budgetLine(b));
  return out.join('');
}

function budgetLine(b: BudgetStatus): string {
  const parts: string[] = [];
  if (b.limitTokens !== undefined) parts.push(`tokens ${b.usedTokens}/${b.limitTokens} used, ${Math.max(0, b.limitTokens - b.usedTokens - b.reservedTokens)} left`);
  if (b.limitUsd !== undefined) parts.push(`usd ${b.usedUsd.toFixed(6)}/${b.limitUsd} used, ${Math.max(0, b.limitUsd - b.usedUsd - b.reservedUsd).toFixed(6)} left`);
  return `${b.budget}: ${parts.join('; ')}\n`;
}

export function budgetText(budgets: BudgetStatus[]): string {
  if (budgets.length === 0) return 'no LLM budgets (set --budget-tokens/--budget-usd or "llm.budgets" in config.json)\n';
  return budgets.map(budgetLine).join('');
}

/** `kind: yes | no | scopes [except ...]` per permission kind, then think and spawn. */
export function permissionsText(p: PermissionSet): string {
  const g = (v: boolean | string[]): string => (v === true ? 'yes' : Array.isArray(v) && v.length ? v.join(',') : 'no');
  const out: string[] = [];
  for (const k of PERMISSION_KINDS) {
    const deny = p.deny[k];
    const except = deny === true ? ' (denied)' : Array.isArray(deny) && deny.length ? ` except ${deny.join(',')}` : '';
    out.push(`${k}: ${deny === true ? 'no' : g(p.allow[k])}${deny === true ? '' : except}\n`);
  }
  out.push(`think: ${p.think === false ? 'no' : 'yes'}\n`, `spawn: ${p.spawn === false ? 'no' : 'yes'}\n`);
  return out.join('');
}

export function tokens(u: AgentLlmUsage | undefined): string {
  return `${u ? u.inputTokens + u.outputTokens : 0}\n`;
}

/** A file or directory name from an agent or channel name: no slashes, no dot-names. */
export function safeName(name: string): string {
  const s = name.replace(/[/\0]/g, '_').replace(/^\.+/, (m) => '_'.repeat(m.length));
  return s.slice(0, 200) || '_';
}
