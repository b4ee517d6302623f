// One capability model behind the Deno-style flags (--allow-*, --deny-*, -A) and the AGNT
// protocol's permission object (spec §5: levels, path globs, blocked paths and commands,
// allowed domains, exec allow list, LLM quotas). A grant is either "all" (flag without a
// value), a list of scopes (flag=a,b), or absent. Children never get more than their parent:
// see intersect(). Every check returns a Denial naming the rule that refused, so a syscall's
// JSON error (and the audit journal) can say exactly why.
import { homedir } from 'node:os';

import { normalizeHost, parseScope, scopeCovers, scopeMatches, splitHostPort } from './net/scope.js';

export type PermissionKind = 'net' | 'read' | 'write' | 'run' | 'env';
export const PERMISSION_KINDS: readonly PermissionKind[] = ['net', 'read', 'write', 'run', 'env'];

/** true = everything; string[] = only these scopes; false = nothing. */
export type Grant = boolean | string[];

export type PermissionLevel = 'unrestricted' | 'standard' | 'sandboxed' | 'readonly' | 'minimal';
export const PERMISSION_LEVELS: readonly PermissionLevel[] = ['unrestricted', 'standard', 'sandboxed', 'readonly', 'minimal'];

export interface LlmQuota {
  /** 0 = unlimited. */
  maxCalls: number;
  /** 0 = unlimited. */
  maxTokens: number;
}

export interface PermissionSet {
  allow: Record<PermissionKind, Grant>;
  deny: Record<PermissionKind, Grant>;
  /** LLM calls through the kernel. Absent = allowed (agents think through the kernel by design). */
  think?: boolean;
  /** SPAWN of further agents. Absent = allowed. */
  spawn?: boolean;
  /** LLM quotas; absent = unlimited. */
  llm?: LlmQuota;
  /** EXEC wall-clock limit in ms (protocol max_exec_time_ms); absent = 30 000. */
  maxExecMs?: number;
  /** The preset this set was built from, for display; 'custom' once edited. */
  level?: PermissionLevel | 'custom';
}

/** A refused check: `rule` is the flag-like name of the rule, `reason` the protocol's text. */
export interface Denial {
  rule: string;
  reason: string;
}

export function emptyPermissions(): PermissionSet {
  return {
    allow: { net: false, read: false, write: false, run: false, env: false },
    deny: { net: false, read: false, write: false, run: false, env: false },
  };
}

export function allowAll(): PermissionSet {
  const p = emptyPermissions();
  for (const k of PERMISSION_KINDS) p.allow[k] = true;
  return p;
}

/**
 * What a session gets without any permission flag (secure by default, DESIGN.md): stages
 * read the filesystem (secrets hidden), write the working directory, run programs, and see
 * non-secret environment variables; no network unless --allow-net. -A grants everything.
 */
export function sessionDefaults(): PermissionSet {
  const p = emptyPermissions();
  p.allow.read = true;
  p.allow.write = true;
  p.allow.run = true;
  p.allow.env = true;
  return p;
}

export function clonePermissions(p: PermissionSet): PermissionSet {
  return structuredClone(p);
}

/**
 * Parses one command-line flag. Returns false when the flag is not a permission flag;
 * throws Error with a one-line message when it is one but malformed.
 * Besides the Deno kinds: --deny-think, --deny-spawn, --allow-think, --allow-spawn,
 * --llm-calls=N, --llm-tokens=N (quotas for LLM use through the kernel).
 */
export function applyPermissionFlag(perms: PermissionSet, flag: string): boolean {
  if (flag === '-A' || flag === '--allow-all') {
    for (const k of PERMISSION_KINDS) perms.allow[k] = true;
    perms.think = true;
    perms.spawn = true;
    // -A is more than every --allow-KIND: nothing hidden but aosh's own state, / writable.
    perms.level = 'unrestricted';
    return true;
  }
  const bool = /^--(allow|deny)-(think|spawn)$/.exec(flag);
  if (bool) {
    perms[bool[2] as 'think' | 'spawn'] = bool[1] === 'allow';
    return true;
  }
  const quota = /^--llm-(calls|tokens)=(\d+)$/.exec(flag);
  if (quota) {
    perms.llm ??= { maxCalls: 0, maxTokens: 0 };
    perms.llm[quota[1] === 'calls' ? 'maxCalls' : 'maxTokens'] = Number(quota[2]);
    return true;
  }
  const m = /^--(allow|deny)-([a-z]+)(?:=(.*))?$/s.exec(flag);
  if (!m) return false;
  const side = m[1] as 'allow' | 'deny';
  const kind = m[2] as PermissionKind;
  if (!PERMISSION_KINDS.includes(kind)) throw new Error(`unknown permission flag: --${side}-${m[2]}`);
  if (m[3] === undefined) {
    perms[side][kind] = true;
    return true;
  }
  const scopes = m[3].split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (scopes.length === 0) throw new Error(`--${side}-${kind}= needs at least one value`);
  if (kind === 'net') for (const s of scopes) if (!isNetScope(s)) throw new Error(`--${side}-net=${s}: not a host name, *.domain, IP address or HOST:PORT`);
  const prev = perms[side][kind];
  if (prev === true) return true;
  perms[side][kind] = [...(Array.isArray(prev) ? prev : []), ...scopes];
  return true;
}

/**
 * The permissions of a set of flags: the session defaults (read everything but the hidden
 * secrets, write the working directory, run programs, the non-secret environment; no
 * network), changed by the flags in order. A first `--allow-KIND=LIST` replaces that
 * kind's default (`--allow-read=P` confines reads to P, `--allow-write=P` is the whole
 * writable set); `--allow-KIND` grants all of it; `--deny-*` wins over any allow.
 * Throws Error with a one-line message on a malformed flag; returns null for a flag that
 * is not a permission flag.
 */
export function permissionsFromFlags(flags: string[], base: PermissionSet = sessionDefaults()): PermissionSet {
  const p = clonePermissions(base);
  const listed = new Set<string>();
  for (const f of flags) {
    const m = /^--allow-([a-z]+)=/.exec(f);
    if (m && (PERMISSION_KINDS as readonly string[]).includes(m[1]!) && !listed.has(m[1]!)) {
      listed.add(m[1]!);
      p.allow[m[1] as PermissionKind] = false;
    }
    if (!applyPermissionFlag(p, f)) throw new Error(`not a permission flag: ${f}`);
  }
  return p;
}

/**
 * A network scope: a host name (`api.github.com`), a wildcard (`*.github.com`), an IPv4
 * address, a bracketed IPv6 address (`[::1]`), each optionally with `:PORT`; or `*`.
 */
export function isNetScope(s: string): boolean {
  return netScopeSyntax(s) && parseScope(s) !== null;
}

function netScopeSyntax(s: string): boolean {
  if (s === '*') return true;
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(s);
  if (!m) return false;
  if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535)) return false;
  const host = m[1]!;
  if (host.startsWith('[')) return isIPv6(host.slice(1, -1));
  if (/^\d+(\.\d+){3}$/.test(host)) return host.split('.').every((o) => Number(o) <= 255);
  const name = host.startsWith('*.') ? host.slice(2) : host;
  return name.length <= 253 && name.split('.').every((l) => /^[a-zA-Z0-9_](?:[a-zA-Z0-9-_]{0,61}[a-zA-Z0-9_])?$/.test(l));
}

function isIPv6(s: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || (s.match(/::/g) ?? []).length > 1) return false;
  const parts = s.split(':');
  return parts.length >= 3 && parts.length <= 8 && parts.every((p) => p.length <= 4 || /^\d+(\.\d+){3}$/.test(p));
}

/** Capabilities intersect down: the result allows only what both allow, denies what either denies. */
export function intersect(parent: PermissionSet, child: PermissionSet): PermissionSet {
  const out = emptyPermissions();
  for (const k of PERMISSION_KINDS) {
    out.allow[k] = intersectGrant(k, parent.allow[k], child.allow[k]);
    out.deny[k] = unionGrant(parent.deny[k], child.deny[k]);
  }
  if (parent.think === false || child.think === false) out.think = false;
  if (parent.spawn === false || child.spawn === false) out.spawn = false;
  if (parent.llm || child.llm) {
    out.llm = {
      maxCalls: minLimit(parent.llm?.maxCalls ?? 0, child.llm?.maxCalls ?? 0),
      maxTokens: minLimit(parent.llm?.maxTokens ?? 0, child.llm?.maxTokens ?? 0),
    };
  }
  if (parent.maxExecMs !== undefined || child.maxExecMs !== undefined) {
    out.maxExecMs = Math.min(parent.maxExecMs ?? Infinity, child.maxExecMs ?? Infinity);
  }
  out.level = child.level ?? parent.level;
  if (out.level && (parent.level ?? out.level) !== out.level) out.level = 'custom';
  return out;
}

/** 0 means unlimited, so the minimum of two limits ignores zeros. */
function minLimit(a: number, b: number): number {
  if (a === 0) return b;
  if (b === 0) return a;
  return Math.min(a, b);
}

function intersectGrant(kind: PermissionKind, a: Grant, b: Grant): Grant {
  if (a === false || b === false) return false;
  if (a === true) return b;
  if (b === true) return a;
  // A scope survives when the other side covers it (a child asking for /home/u/x under a
  // parent's /home keeps /home/u/x; asking for / under /home keeps only /home).
  const both = new Set<string>();
  for (const s of b) if (a.some((g) => covers(kind, g, s))) both.add(s);
  for (const s of a) if (b.some((g) => covers(kind, g, s))) both.add(s);
  return both.size ? [...both] : false;
}

/** Whether grant `g` includes every scope that `s` names (conservative for globs). */
function covers(kind: PermissionKind, g: string, s: string): boolean {
  if (g === s) return true;
  if (kind === 'read' || kind === 'write') {
    if (!isGlob(s)) return matchesScope(kind, g, s);
    const lit = literalPrefix(expandHome(s));
    if (!isGlob(g)) {
      const base = stripSlash(expandHome(g));
      return base === '/' || lit.startsWith(base + '/');
    }
    // Both globs: approximate by matching the grant against the asked glob's text.
    return globMatch(expandHome(g), expandHome(s));
  }
  if (kind === 'net') return scopeCovers(g, s);
  return false;
}

function unionGrant(a: Grant, b: Grant): Grant {
  if (a === true || b === true) return true;
  const list = [...(a || []), ...(b || [])];
  return list.length ? [...new Set(list)] : false;
}

/** Whether `scope` (a host, a path, a command, a variable name) is granted for `kind`. */
export function isAllowed(perms: PermissionSet, kind: PermissionKind, scope?: string): boolean {
  return check(perms, kind, scope) === null;
}

/** Like isAllowed, but says which rule refused. */
export function check(perms: PermissionSet, kind: PermissionKind, scope?: string): Denial | null {
  const denied = perms.deny[kind];
  if (denied === true) return { rule: `--deny-${kind}`, reason: `${kind} denied` };
  if (scope !== undefined && Array.isArray(denied)) {
    const hit = denied.find((d) => matchesScope(kind, d, scope));
    if (hit !== undefined) return { rule: `--deny-${kind}=${hit}`, reason: `${kind} denied for ${scope}` };
  }
  const allowed = perms.allow[kind];
  if (allowed === true) return null;
  if (allowed === false) return { rule: `--allow-${kind} (not granted)`, reason: `${kind} not granted` };
  if (scope !== undefined && allowed.some((a) => matchesScope(kind, a, scope))) return null;
  return { rule: `--allow-${kind}=${allowed.join(',')}`, reason: `${scope ?? kind} is not in the ${kind} allow list` };
}

function matchesScope(kind: PermissionKind, granted: string, scope: string): boolean {
  if (kind === 'read' || kind === 'write') {
    const g = expandHome(granted);
    if (isGlob(g)) return globMatch(g, scope);
    const base = stripSlash(g);
    return scope === base || base === '/' || scope.startsWith(base + '/');
  }
  if (kind === 'net') {
    // One meaning everywhere (net/scope.ts): "*.example.com" (protocol), "example.com:443"
    // (Deno, host:port), IP literals. A scope without a port asks about the host on any port.
    const g = parseScope(granted);
    const hp = splitHostPort(scope);
    const host = hp ? normalizeHost(hp.host) : null;
    if (!g || !hp || !host) return granted === scope;
    return hp.port === null ? scopeMatches({ ...g, port: null }, host, 0) : scopeMatches(g, host, hp.port);
  }
  return granted === scope;
}

// ---- the protocol's own checks (spec §5) ----

/** READ: the path must be absolute (callers resolve and canonicalise first). */
export function checkRead(perms: PermissionSet, path: string): Denial | null {
  return check(perms, 'read', path);
}

export function checkWrite(perms: PermissionSet, path: string): Denial | null {
  return check(perms, 'write', path);
}

/**
 * EXEC of a whole shell command line. Protocol semantics: blocked fragments are substring
 * tests; a non-empty allow list must have one entry contained in the command line.
 */
export function checkCommand(perms: PermissionSet, command: string): Denial | null {
  const denied = perms.deny.run;
  if (denied === true) return { rule: '--deny-run', reason: 'exec denied' };
  if (Array.isArray(denied)) {
    const hit = denied.find((d) => command.includes(d));
    if (hit !== undefined) return { rule: `--deny-run=${hit}`, reason: `blocked command fragment "${hit}"` };
  }
  const allowed = perms.allow.run;
  if (allowed === true) return null;
  if (allowed === false) return { rule: '--allow-run (not granted)', reason: 'exec not granted' };
  if (allowed.some((a) => command.includes(a))) return null;
  return { rule: `--allow-run=${allowed.join(',')}`, reason: 'command matches no allowed entry' };
}

/** HTTP to `host` (no scheme, no port). */
export function checkNet(perms: PermissionSet, host: string): Denial | null {
  return check(perms, 'net', host);
}

export function checkThink(perms: PermissionSet, usage: { calls: number; tokens: number }): Denial | null {
  if (perms.think === false) return { rule: '--deny-think', reason: 'LLM calls not allowed' };
  const q = perms.llm;
  if (q && q.maxCalls > 0 && usage.calls >= q.maxCalls) return { rule: `--llm-calls=${q.maxCalls}`, reason: `LLM call quota used (${usage.calls}/${q.maxCalls})` };
  if (q && q.maxTokens > 0 && usage.tokens > q.maxTokens) return { rule: `--llm-tokens=${q.maxTokens}`, reason: `LLM token quota used (${usage.tokens}/${q.maxTokens})` };
  return null;
}

export function checkSpawn(perms: PermissionSet): Denial | null {
  if (perms.spawn === false) return { rule: '--deny-spawn', reason: 'spawn not allowed' };
  return null;
}

// ---- levels (spec §5 presets) ----

/**
 * The protocol presets' blocked paths. REF's `*` stays within one path segment, so its
 * `*\/.env` never matched an absolute path: here `**` crosses directories. A plain path
 * covers everything below it.
 */
export const DEFAULT_BLOCKED_PATHS: readonly string[] = [
  '/etc/shadow', '/etc/gshadow', '/etc/passwd', '~/.ssh', '~/.gnupg', '~/.aws', '~/.config/gcloud', '~/.aosh',
  '**/.env', '**/.env.*', '**/.git/config', '**/credentials*', '**/secrets*', '**/*token*', '**/*password*',
];

export const DEFAULT_BLOCKED_COMMANDS: readonly string[] = [
  'rm -rf /', 'rm -rf ~', 'rm -rf /*', 'sudo', 'su ', 'chmod 777', 'curl | bash', 'wget | bash', '> /dev/sd',
  'dd if=', 'mkfs', ':(){:|:&};:', 'shutdown', 'reboot', 'init 0', 'poweroff',
];

/**
 * A protocol preset as a PermissionSet. Divergence from REF (documented): `standard` may
 * SPAWN. REF ignores can_spawn for SPAWN, so seed agents spawn under the default preset;
 * aosh enforces the bit, so the default must grant it to run them unchanged.
 */
export function levelPermissions(level: PermissionLevel): PermissionSet {
  const p = emptyPermissions();
  p.level = level;
  p.think = true;
  if (level === 'unrestricted') {
    for (const k of PERMISSION_KINDS) p.allow[k] = true;
    p.spawn = true;
    return p;
  }
  p.deny.read = [...DEFAULT_BLOCKED_PATHS];
  p.deny.write = [...DEFAULT_BLOCKED_PATHS];
  p.deny.run = [...DEFAULT_BLOCKED_COMMANDS];
  p.spawn = level === 'standard';
  if (level === 'standard') Object.assign(p.allow, { read: true, write: true, run: true, env: true });
  if (level === 'sandboxed') Object.assign(p.allow, { read: ['/tmp/*', '/home/*'], write: ['/tmp/*'], run: true });
  if (level === 'readonly') p.allow.read = true;
  return p;
}

export function isLevel(s: unknown): s is PermissionLevel {
  return typeof s === 'string' && (PERMISSION_LEVELS as readonly string[]).includes(s);
}

// ---- the protocol's permission object (GET_PERMS / SET_PERMS) ----

export interface ProtocolPerms {
  level: string;
  can_exec: boolean;
  can_read: boolean;
  can_write: boolean;
  can_think: boolean;
  can_spawn: boolean;
  can_http: boolean;
  filesystem: { read: string[]; write: string[]; blocked: string[] };
  exec: string[];
  blocked_commands: string[];
  network: string[];
  llm: { max_tokens: number; max_calls: number; tokens_used: number; calls_made: number };
  max_exec_time_ms: number;
}

/** Renders a set as the protocol object. `network: ["*"]` means every domain (aosh). */
export function toProtocolPerms(p: PermissionSet, usage = { calls: 0, tokens: 0 }): ProtocolPerms {
  const list = (g: Grant): string[] => (Array.isArray(g) ? [...g] : []);
  return {
    level: p.level ?? 'custom',
    can_exec: p.allow.run !== false && p.deny.run !== true,
    can_read: p.allow.read !== false && p.deny.read !== true,
    can_write: p.allow.write !== false && p.deny.write !== true,
    can_think: p.think !== false,
    can_spawn: p.spawn !== false,
    can_http: p.allow.net !== false && p.deny.net !== true,
    filesystem: { read: list(p.allow.read), write: list(p.allow.write), blocked: [...new Set([...list(p.deny.read), ...list(p.deny.write)])] },
    exec: list(p.allow.run),
    blocked_commands: list(p.deny.run),
    network: p.allow.net === true ? ['*'] : list(p.allow.net),
    llm: { max_tokens: p.llm?.maxTokens ?? 0, max_calls: p.llm?.maxCalls ?? 0, tokens_used: usage.tokens, calls_made: usage.calls },
    max_exec_time_ms: p.maxExecMs ?? 30_000,
  };
}

/**
 * Builds a set from a protocol object (SET_PERMS `permissions`). Spec §5: start from
 * exec/read/write/think true, spawn/http false, all lists empty; overwrite present keys;
 * a non-empty `network` sets can_http. Throws TypeError on a wrong type. As in REF,
 * can_http with an empty domain list allows no domain.
 */
export function fromProtocolPerms(o: unknown): PermissionSet {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new TypeError('permissions must be an object');
  const j = o as Record<string, unknown>;
  const bool = (k: string, d: boolean): boolean => {
    if (j[k] === undefined) return d;
    if (typeof j[k] !== 'boolean') throw new TypeError(`${k} must be a boolean`);
    return j[k] as boolean;
  };
  const strs = (v: unknown, k: string): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new TypeError(`${k} must be an array of strings`);
    return v as string[];
  };
  const num = (v: unknown, k: string, d: number): number => {
    if (v === undefined) return d;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new TypeError(`${k} must be a non-negative number`);
    return Math.trunc(v);
  };
  const fsObj = (j.filesystem ?? {}) as Record<string, unknown>;
  if (typeof fsObj !== 'object' || Array.isArray(fsObj)) throw new TypeError('filesystem must be an object');
  const llm = (j.llm ?? {}) as Record<string, unknown>;
  if (typeof llm !== 'object' || Array.isArray(llm)) throw new TypeError('llm must be an object');
  const network = strs(j.network, 'network');
  const canHttp = bool('can_http', false) || network.length > 0;
  const reads = strs(fsObj.read, 'filesystem.read');
  const writes = strs(fsObj.write, 'filesystem.write');
  const blocked = strs(fsObj.blocked, 'filesystem.blocked');
  const exec = strs(j.exec, 'exec');
  const blockedCmds = strs(j.blocked_commands, 'blocked_commands');
  const p = emptyPermissions();
  p.level = 'custom';
  p.allow.read = bool('can_read', true) ? (reads.length ? reads : true) : false;
  p.allow.write = bool('can_write', true) ? (writes.length ? writes : true) : false;
  p.allow.run = bool('can_exec', true) ? (exec.length ? exec : true) : false;
  p.allow.net = canHttp && network.length ? (network.includes('*') ? true : network) : false;
  p.allow.env = true;
  if (blocked.length) {
    p.deny.read = [...blocked];
    p.deny.write = [...blocked];
  }
  if (blockedCmds.length) p.deny.run = blockedCmds;
  p.think = bool('can_think', true);
  p.spawn = bool('can_spawn', false);
  p.llm = { maxCalls: num(llm.max_calls, 'llm.max_calls', 0), maxTokens: num(llm.max_tokens, 'llm.max_tokens', 0) };
  p.maxExecMs = num(j.max_exec_time_ms, 'max_exec_time_ms', 30_000);
  return p;
}

/** Renders the set back as flags, e.g. for `ps` or a child's command line. */
export function describePermissions(perms: PermissionSet): string[] {
  const out: string[] = [];
  for (const side of ['allow', 'deny'] as const) {
    for (const k of PERMISSION_KINDS) {
      const g = perms[side][k];
      if (g === true) out.push(`--${side}-${k}`);
      else if (Array.isArray(g)) out.push(`--${side}-${k}=${g.join(',')}`);
    }
  }
  if (perms.think === false) out.push('--deny-think');
  if (perms.spawn === false) out.push('--deny-spawn');
  if (perms.llm?.maxCalls) out.push(`--llm-calls=${perms.llm.maxCalls}`);
  if (perms.llm?.maxTokens) out.push(`--llm-tokens=${perms.llm.maxTokens}`);
  return out;
}

// ---- globs: fnmatch(FNM_PATHNAME) as REF uses, plus `**` crossing directories ----

function isGlob(s: string): boolean {
  return /[*?[]/.test(s);
}

function literalPrefix(s: string): string {
  const i = s.search(/[*?[]/);
  return i < 0 ? s : s.slice(0, i);
}

function stripSlash(s: string): string {
  return s.length > 1 && s.endsWith('/') ? s.slice(0, -1) : s;
}

function expandHome(s: string): string {
  if (s === '~') return process.env.HOME ?? homedir();
  if (s.startsWith('~/')) return (process.env.HOME ?? homedir()) + s.slice(1);
  return s;
}

const globCache = new Map<string, RegExp>();

/** `*` and `?` stop at `/`; `**` crosses it; `[...]` classes. A full match. */
export function globMatch(pattern: string, path: string): boolean {
  let re = globCache.get(pattern);
  if (!re) {
    let src = '';
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!;
      if (c === '*') {
        if (pattern[i + 1] === '*') {
          src += '.*';
          i++;
        } else src += '[^/]*';
      } else if (c === '?') src += '[^/]';
      else if (c === '[') {
        const end = pattern.indexOf(']', i + 2);
        if (end < 0) src += '\\[';
        else {
          let body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
          if (body.startsWith('!')) body = '^' + body.slice(1);
          src += `[${body}]`;
          i = end;
        }
      } else src += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
    }
    re = new RegExp(`^${src}$`, 's');
    if (globCache.size > 512) globCache.clear();
    globCache.set(pattern, re);
  }
  return re.test(path);
}

/**
 * A grant of the network where the ceiling has none would quietly give nothing (an
 * intersection): for flags a user typed, say so instead. null when the ask fits.
 */
export function netBeyond(ceiling: PermissionSet, asked: PermissionSet): string | null {
  const wants = asked.allow.net === true || (Array.isArray(asked.allow.net) && asked.allow.net.length > 0);
  const has = ceiling.deny.net !== true && ceiling.allow.net !== false;
  if (!wants || has) return null;
  const flag = Array.isArray(asked.allow.net) ? `--allow-net=${asked.allow.net.join(',')}` : '--allow-net';
  return `${flag}: the session has no network (start aosh with ${flag})`;
}

