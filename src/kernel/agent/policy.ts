// Who may do what: the agent's permissions (the sandbox level: Deno-style flags, intersected
// with the session's), allow/deny rules from $AOSH_HOME/config.json "agent", and the approval
// mode (ask | auto-edit | auto), which says what still needs a yes.
//
//   { "agent": { "mode": "auto-edit", "maxTurns": 30, "execTimeoutSec": 120,
//                "allow": { "commands": ["npm test", "git status*"], "paths": ["docs/**"] },
//                "deny":  { "commands": ["git push*"], "paths": ["**/.git/**", "**/.env"] } } }
//
// Command patterns match the whole command line, `*` matching anything. Path patterns are
// globs (`*` within a name, `**` across directories) resolved against the working directory.
// Order: permissions, then deny rules, then allow rules, then the mode.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FileView } from '../fs-view.js';
import { applyPermissionFlag, check, checkCommand, emptyPermissions, globMatch, intersect, netBeyond, type PermissionSet } from '../permissions.js';
import { APPROVAL_MODES, type ApprovalMode } from './types.js';

export interface AgentRules {
  allowCommands: string[];
  denyCommands: string[];
  allowPaths: string[];
  denyPaths: string[];
}

export interface AgentConfig {
  mode?: ApprovalMode;
  maxTurns?: number;
  execTimeoutSec?: number;
  rules: AgentRules;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []);

/** The "agent" section of $AOSH_HOME/config.json (missing or malformed parts are ignored). */
export function loadAgentConfig(home: string): AgentConfig {
  const cfg: AgentConfig = { rules: { allowCommands: [], denyCommands: [], allowPaths: [], denyPaths: [] } };
  const file = join(home, 'config.json');
  if (!existsSync(file)) return cfg;
  let a: Record<string, unknown>;
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    if (!j.agent || typeof j.agent !== 'object') return cfg;
    a = j.agent as Record<string, unknown>;
  } catch {
    return cfg;
  }
  if (typeof a.mode === 'string' && (APPROVAL_MODES as readonly string[]).includes(a.mode)) cfg.mode = a.mode as ApprovalMode;
  if (typeof a.maxTurns === 'number' && Number.isInteger(a.maxTurns) && a.maxTurns > 0) cfg.maxTurns = a.maxTurns;
  if (typeof a.execTimeoutSec === 'number' && a.execTimeoutSec > 0) cfg.execTimeoutSec = a.execTimeoutSec;
  const allow = (a.allow ?? {}) as Record<string, unknown>;
  const deny = (a.deny ?? {}) as Record<string, unknown>;
  cfg.rules = { allowCommands: strings(allow.commands), denyCommands: strings(deny.commands), allowPaths: strings(allow.paths), denyPaths: strings(deny.paths) };
  return cfg;
}

/** Secrets the agent's file tools never touch unless a flag grants them explicitly. */
export const AGENT_SECRET_PATHS: readonly string[] = ['~/.ssh', '~/.gnupg', '~/.aws', '~/.config/gcloud', '**/.env', '**/.env.*'];

/**
 * The agent's permissions: read everywhere, write in the working directory, run commands
 * (subject to the approval mode), no network, no secret variables; --allow-* flags add to
 * that, --deny-* take away, and the result never exceeds the session's (`ceiling`).
 */
export function agentPermissions(ceiling: PermissionSet, cwd: string, flags: string[]): PermissionSet {
  const p = emptyPermissions();
  p.allow.read = true;
  p.allow.write = [cwd];
  p.allow.run = true;
  p.deny.read = [...AGENT_SECRET_PATHS];
  p.deny.write = [...AGENT_SECRET_PATHS];
  for (const f of flags) {
    if (f === '-A' || f === '--allow-all') {
      applyPermissionFlag(p, f);
      p.deny.read = false;
      p.deny.write = false;
    } else if (!applyPermissionFlag(p, f)) throw new Error(`not a permission flag: ${f}`);
  }
  // -A means "all the session has"; only a named --allow-net asks for a network.
  const noNet = flags.some((f) => f.startsWith('--allow-net')) ? netBeyond(ceiling, p) : null;
  if (noNet) throw new Error(noNet);
  return intersect(ceiling, p);
}

function wildcard(pattern: string, text: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 's');
  return re.test(text);
}

export function commandMatches(patterns: string[], command: string): string | undefined {
  const c = command.trim();
  return patterns.find((p) => wildcard(p.trim(), c));
}

export function pathMatches(patterns: string[], cwd: string, abs: string): string | undefined {
  return patterns.find((p) => {
    let pat = p.startsWith('~/') ? join(process.env.HOME ?? homedir(), p.slice(2)) : p;
    if (!isAbsolute(pat) && !pat.startsWith('**')) pat = join(cwd, pat);
    if (globMatch(pat, abs)) return true;
    // A directory pattern covers what is under it.
    return !/[*?[]/.test(pat) && (abs === pat || abs.startsWith(pat.endsWith('/') ? pat : pat + '/'));
  });
}

/** An absolute path for a tool argument, and its real path (symlinks resolved as far as it exists). */
export function resolveToolPath(cwd: string, p: string, fs?: Pick<FileView, 'realpath'>): { abs: string; real: string } {
  const expanded = p === '~' ? (process.env.HOME ?? homedir()) : p.startsWith('~/') ? join(process.env.HOME ?? homedir(), p.slice(2)) : p;
  const abs = resolve(cwd, expanded);
  // Resolve the longest existing prefix, then re-append the rest.
  let head = abs;
  const tail: string[] = [];
  for (;;) {
    try {
      // As the agent's world resolves it (a symlinked $HOME, links planted in the work).
      const real = fs ? fs.realpath(head) : realpathSync(head);
      return { abs, real: tail.length ? join(real, ...tail.reverse()) : real };
    } catch {
      const parent = dirname(head);
      if (parent === head) return { abs, real: abs };
      tail.push(head.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
      head = parent;
    }
  }
}

export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Anything that makes a command line more than one simple command (lists, pipes, redirections, substitutions, subshells). */
const SHELL_SYNTAX = /[;&|<>`\n()]|\$\(/;
/** Programs that run whatever their arguments say: an "allow for the session" covers only the exact command line. */
const EXACT_ONLY = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'env', 'sudo', 'doas', 'su', 'xargs', 'eval', 'exec', 'command', 'builtin', 'nohup', 'nice', 'timeout', 'time', 'watch', 'strace', 'node', 'deno', 'bun', 'perl', 'ruby', 'php', 'lua', 'rm', 'dd', 'curl', 'wget', 'ssh', 'scp', 'rsync']);

/** Programs whose second word is a subcommand that says what they do (git status vs git push). */
const HAS_SUBCOMMANDS = new Set(['git', 'npm', 'pnpm', 'yarn', 'npx', 'cargo', 'go', 'make', 'docker', 'podman', 'kubectl', 'helm', 'pip', 'pip3', 'uv', 'poetry', 'gh', 'dotnet', 'mvn', 'gradle', 'apt', 'apt-get', 'brew', 'systemctl', 'rustup', 'terraform', 'swift', 'mix', 'bundle', 'rake', 'composer']);

/**
 * What "allow for this session" remembers for a command: its program with any arguments
 * ("ls *", "grep *"), or program and subcommand for programs that have them ("npm test *",
 * "git status *"), for one simple command; else the exact command line (shell syntax,
 * interpreters, wrappers and rm/dd/curl, whose arguments decide what they do).
 */
export function sessionPatternFor(command: string): string {
  const c = command.trim();
  if (SHELL_SYNTAX.test(c)) return c;
  const words = c.split(/\s+/);
  const prog = words[0]!.slice(words[0]!.lastIndexOf('/') + 1);
  if (EXACT_ONLY.has(prog) || /^python[\d.]*$/.test(prog) || /[=$'"\\*?[{~]/.test(words[0]!)) return c;
  const prefix = [words[0]!];
  if (HAS_SUBCOMMANDS.has(prog)) {
    // `npm run build` is as specific as `npm test`: keep the script's name too.
    const sub = words[1];
    if (!sub || !/^[A-Za-z][\w:.-]*$/.test(sub)) return c;
    prefix.push(sub);
    if ((sub === 'run' || sub === 'exec' || sub === 'x') && words[2]) {
      if (!/^[A-Za-z][\w:.-]*$/.test(words[2])) return c;
      prefix.push(words[2]);
    }
  }
  return `${prefix.join(' ')} *`;
}

/** Whether a remembered session pattern covers COMMAND ("P *": P alone or with arguments, one simple command; else the exact line). */
export function sessionPatternCovers(pattern: string, command: string): boolean {
  const c = command.trim();
  if (!pattern.endsWith(' *')) return pattern === c;
  if (SHELL_SYNTAX.test(c)) return false;
  const prefix = pattern.slice(0, -2);
  return c === prefix || (c.startsWith(prefix) && /\s/.test(c[prefix.length] ?? ''));
}

export type Verdict = { action: 'allow'; rule?: string } | { action: 'ask'; why: string } | { action: 'deny'; reason: string };

export interface PolicyInput {
  perms: PermissionSet;
  rules: AgentRules;
  mode: ApprovalMode;
  cwd: string;
}

export function decideExec(p: PolicyInput, command: string): Verdict {
  const denial = checkCommand(p.perms, command);
  if (denial) return { action: 'deny', reason: `permission denied (${denial.rule}): ${denial.reason}` };
  const bad = commandMatches(p.rules.denyCommands, command);
  if (bad !== undefined) return { action: 'deny', reason: `denied by the rule "${bad}" in config.json agent.deny.commands` };
  const ok = commandMatches(p.rules.allowCommands, command);
  if (ok !== undefined) return { action: 'allow', rule: `agent.allow.commands "${ok}"` };
  if (p.mode === 'auto') return { action: 'allow' };
  return { action: 'ask', why: `exec needs approval in --mode ${p.mode}` };
}

function pathDenial(p: PolicyInput, kind: 'read' | 'write', abs: string, real: string): string | null {
  for (const path of abs === real ? [abs] : [abs, real]) {
    const d = check(p.perms, kind, path);
    if (d) return `permission denied (${d.rule}): ${d.reason}`;
    const bad = pathMatches(p.rules.denyPaths, p.cwd, path);
    if (bad !== undefined) return `denied by the rule "${bad}" in config.json agent.deny.paths`;
  }
  return null;
}

export function decideRead(p: PolicyInput, abs: string, real: string): Verdict {
  const d = pathDenial(p, 'read', abs, real);
  return d ? { action: 'deny', reason: d } : { action: 'allow' };
}

export function decideWrite(p: PolicyInput, abs: string, real: string): Verdict {
  const d = pathDenial(p, 'write', abs, real);
  if (d) return { action: 'deny', reason: d };
  const ok = pathMatches(p.rules.allowPaths, p.cwd, real);
  if (ok !== undefined) return { action: 'allow', rule: `agent.allow.paths "${ok}"` };
  if (p.mode === 'auto') return { action: 'allow' };
  let cwdReal = p.cwd;
  try {
    cwdReal = realpathSync(p.cwd);
  } catch {
    // keep the lexical one
  }
  if (p.mode === 'auto-edit' && isInside(cwdReal, real)) return { action: 'allow' };
  return { action: 'ask', why: p.mode === 'ask' ? 'write_file needs approval in --mode ask' : 'write outside the working directory needs approval' };
}
