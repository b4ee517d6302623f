// MCP server configuration, in the shape Claude Desktop, Claude Code and gemini-cli use, so a
// block can be copied between them:
//
//   $AOSH_HOME/config.json   { "mcpServers": { "fs": { "command": "npx", "args": [...], "env": {...} } } }
//   <project>/.aosh/mcp.json { "mcpServers": { "api": { "url": "http://127.0.0.1:8080/mcp", "headers": {...} } } }
//
// A project entry overrides a user entry of the same name (as in Claude Code). Per server,
// besides command/args/env/cwd or url/headers (type "stdio" | "http" | "sse" like Claude Code;
// httpUrl like gemini-cli): "timeout" (ms per request, gemini-cli), "startupTimeout" (ms to
// start and list tools, like Claude Code's MCP_TIMEOUT), "trust" (gemini-cli: no
// approval needed), "includeTools"/"excludeTools" (gemini-cli), "disabled", and aosh's own
// "permissions": --allow-*/--deny-* flags for the server's sandboxed stage, added to the
// agent defaults and intersected with the session's. `${VAR}` and `${VAR:-default}` are
// expanded from the session's environment (Claude Code) in command, args, env, url, headers.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { applyPermissionFlag, emptyPermissions } from '../kernel/permissions.js';
import { isSecretVar } from '../kernel/world/secrets.js';

export type Transport = 'stdio' | 'http' | 'sse';

export interface ServerConfig {
  name: string;
  /** Where it was defined: the user's config.json or a project's .aosh/mcp.json. */
  source: 'user' | 'project';
  file: string;
  transport: Transport;
  command?: string;
  args: string[];
  /** Variables set by the config itself (always passed: the config names them for this server). */
  env: Record<string, string>;
  cwd?: string;
  url?: string;
  headers: Record<string, string>;
  /** Per-request timeout once started (tools/call). */
  timeoutMs: number;
  /** Time to start and answer initialize and tools/list (a first npx or a cold cache is slow). */
  startupTimeoutMs: number;
  trust: boolean;
  includeTools?: string[];
  excludeTools?: string[];
  disabled: boolean;
  /** --allow-* / --deny-* flags for the stage. */
  permissions: string[];
}

export interface LoadedConfig {
  servers: ServerConfig[];
  /** One line per file or entry that could not be used (shown by mcp ls and agent). */
  problems: string[];
  files: string[];
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_STARTUP_TIMEOUT_MS = 30_000;

/** The first .aosh/mcp.json from cwd upwards (the aosh home itself is not a project). */
export function projectConfigFile(cwd: string, aoshHome: string): string | null {
  let dir = resolve(cwd);
  const home = resolve(aoshHome);
  for (;;) {
    const cand = join(dir, '.aosh', 'mcp.json');
    if (join(dir, '.aosh') !== home && existsSync(cand)) return cand;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}


/**
 * `${VAR}` / `${VAR:-default}` from env. A secret-looking variable is expanded only when
 * `secretsOk` says so (project files need the session's --allow-env=NAME: a cloned repository
 * must not be able to move a token into a server of its choosing).
 */
export function expandVars(text: string, env: Record<string, string | undefined>, secretsOk: (name: string) => boolean, where: string): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, dflt: string | undefined) => {
    // The stages' own test (a narrower one let a cloned repository's .aosh/mcp.json move
    // GH_PAT, SSH_AUTH_SOCK or a postgres://u:pw@… URL into a server of its choosing).
    if (isSecretVar(name, env[name]) && !secretsOk(name)) throw new Error(`${where}: \${${name}} looks secret and is not granted (start aosh with --allow-env=${name}, or define the server in $AOSH_HOME/config.json)`);
    const v = env[name];
    if (v !== undefined && v !== '') return v;
    if (dflt !== undefined) return dflt;
    throw new Error(`${where}: \${${name}} is not set`);
  });
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function strList(v: unknown, where: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new Error(`${where} must be an array of strings`);
  return v as string[];
}

function strMap(v: unknown, where: string): Record<string, string> {
  if (v === undefined) return {};
  if (!isObj(v)) throw new Error(`${where} must be an object of strings`);
  for (const [k, x] of Object.entries(v)) if (typeof x !== 'string') throw new Error(`${where}.${k} must be a string`);
  return v as Record<string, string>;
}

/** One entry, validated; throws Error with a one-line message naming the field. */
export function parseServer(
  name: string,
  raw: unknown,
  source: 'user' | 'project',
  file: string,
  env: Record<string, string | undefined>,
  secretsOk: (name: string) => boolean,
): ServerConfig {
  const where = `${file}: mcpServers.${name}`;
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new Error(`${where}: server names are letters, digits, _ . -`);
  if (!isObj(raw)) throw new Error(`${where} must be an object`);
  const x = (s: string, field: string): string => expandVars(s, env, secretsOk, `${where}.${field}`);
  const type = raw.type;
  if (type !== undefined && type !== 'stdio' && type !== 'http' && type !== 'streamable-http' && type !== 'sse') throw new Error(`${where}.type must be "stdio", "http" or "sse"`);
  const url = raw.httpUrl ?? raw.url;
  if (url !== undefined && typeof url !== 'string') throw new Error(`${where}.url must be a string`);
  if (raw.command !== undefined && typeof raw.command !== 'string') throw new Error(`${where}.command must be a string`);
  if (raw.command !== undefined && url !== undefined) throw new Error(`${where}: give either command (a stdio server) or url (an HTTP server), not both`);
  if (raw.command === undefined && url === undefined) throw new Error(`${where}: needs "command" (a stdio server) or "url" (an HTTP server)`);
  const timeout = raw.timeout;
  const startup = raw.startupTimeout;
  for (const [k, v] of [['timeout', timeout], ['startupTimeout', startup]] as const) {
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)) throw new Error(`${where}.${k} must be a positive number of milliseconds`);
  }
  for (const k of ['trust', 'disabled'] as const) if (raw[k] !== undefined && typeof raw[k] !== 'boolean') throw new Error(`${where}.${k} must be true or false`);
  if (raw.cwd !== undefined && typeof raw.cwd !== 'string') throw new Error(`${where}.cwd must be a string`);
  const permissions = strList(raw.permissions, `${where}.permissions`);
  // Validate the flags now, so a typo is reported with the file, not when the stage starts.
  const probe = emptyPermissions();
  for (const f of permissions) {
    let ok: boolean;
    try {
      ok = applyPermissionFlag(probe, f);
    } catch (e) {
      throw new Error(`${where}.permissions: ${(e as Error).message}`);
    }
    if (!ok) throw new Error(`${where}.permissions: not a permission flag: ${f}`);
  }
  const base = {
    name,
    source,
    file,
    env: {} as Record<string, string>,
    headers: {} as Record<string, string>,
    args: [] as string[],
    timeoutMs: (timeout as number | undefined) ?? DEFAULT_TIMEOUT_MS,
    startupTimeoutMs: (startup as number | undefined) ?? DEFAULT_STARTUP_TIMEOUT_MS,
    trust: raw.trust === true,
    disabled: raw.disabled === true,
    permissions,
    ...(raw.includeTools !== undefined ? { includeTools: strList(raw.includeTools, `${where}.includeTools`) } : {}),
    ...(raw.excludeTools !== undefined ? { excludeTools: strList(raw.excludeTools, `${where}.excludeTools`) } : {}),
  };
  if (url !== undefined) {
    if (type === 'stdio') throw new Error(`${where}: type "stdio" needs a command, not a url`);
    const expanded = x(url, 'url');
    let u: URL;
    try {
      u = new URL(expanded);
    } catch {
      throw new Error(`${where}.url: not a URL: ${expanded}`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`${where}.url: only http and https URLs`);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(strMap(raw.headers, `${where}.headers`))) headers[k] = x(v, `headers.${k}`);
    return { ...base, transport: type === 'sse' ? 'sse' : 'http', url: expanded, headers };
  }
  if (type === 'http' || type === 'sse' || type === 'streamable-http') throw new Error(`${where}: type "${type}" needs a url`);
  const envOut: Record<string, string> = {};
  for (const [k, v] of Object.entries(strMap(raw.env, `${where}.env`))) envOut[k] = x(v, `env.${k}`);
  return {
    ...base,
    transport: 'stdio',
    command: x(raw.command as string, 'command'),
    args: strList(raw.args, `${where}.args`).map((a, i) => x(a, `args[${i}]`)),
    env: envOut,
    ...(raw.cwd !== undefined ? { cwd: x(raw.cwd, 'cwd') } : {}),
  };
}

function readServers(file: string, source: 'user' | 'project', env: Record<string, string | undefined>, secretsOk: (n: string) => boolean, out: Map<string, ServerConfig>, problems: string[]): void {
  let j: unknown;
  try {
    j = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    problems.push(`${file}: ${code ? code : `not valid JSON (${(e as Error).message})`}`);
    return;
  }
  if (!isObj(j)) {
    problems.push(`${file}: not a JSON object`);
    return;
  }
  if (j.mcpServers === undefined) return;
  if (!isObj(j.mcpServers)) {
    problems.push(`${file}: mcpServers must be an object`);
    return;
  }
  for (const [name, raw] of Object.entries(j.mcpServers)) {
    try {
      const s = parseServer(name, raw, source, file, env, secretsOk);
      if (source === 'project' && s.cwd) s.cwd = resolve(dirname(dirname(file)), s.cwd);
      out.set(name, s);
    } catch (e) {
      out.delete(name);
      problems.push((e as Error).message);
    }
  }
}

export interface LoadOptions {
  aoshHome: string;
  cwd: string;
  /** The session's environment (for ${VAR}). */
  env: Record<string, string | undefined>;
  /** Whether the session's env grant names this variable (for secrets in project files). */
  envGranted: (name: string) => boolean;
}

/** Reads the user's and the project's servers; never throws. */
export function loadMcpConfig(o: LoadOptions): LoadedConfig {
  const servers = new Map<string, ServerConfig>();
  const problems: string[] = [];
  const files: string[] = [];
  const user = join(o.aoshHome, 'config.json');
  if (existsSync(user)) files.push(user);
  readServers(user, 'user', o.env, () => true, servers, problems);
  const project = projectConfigFile(o.cwd, o.aoshHome);
  if (project) {
    files.push(project);
    readServers(project, 'project', o.env, o.envGranted, servers, problems);
  }
  return { servers: [...servers.values()], problems, files };
}

/** Whether any server is configured at all (cheap: `agent` asks this before loading the SDK). */
export function hasMcpConfig(aoshHome: string, cwd: string): boolean {
  const mentions = (f: string | null): boolean => {
    if (!f) return false;
    try {
      return readFileSync(f, 'utf8').includes('"mcpServers"');
    } catch {
      return false;
    }
  };
  return mentions(join(aoshHome, 'config.json')) || mentions(projectConfigFile(cwd, aoshHome));
}

/** The name the model sees: server__tool, in the character set and length providers accept. */
export function exposedName(server: string, tool: string): string {
  const clean = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, '_');
  let name = `${clean(server)}__${clean(tool)}`;
  if (!/^[A-Za-z_]/.test(name)) name = `_${name}`;
  // OpenAI and Gemini cap function names at 64 characters.
  return name.length <= 64 ? name : name.slice(0, 64);
}

/** Whether a server's config lets the tool be used (includeTools / excludeTools). */
export function toolEnabled(s: ServerConfig, tool: string): boolean {
  if (s.excludeTools?.includes(tool)) return false;
  if (s.includeTools && !s.includeTools.includes(tool)) return false;
  return true;
}
