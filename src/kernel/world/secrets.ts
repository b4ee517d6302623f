// What a world never shows unless a grant names it: credential files by their canonical
// path, `.env` files near the work, and secret-looking environment variables. The lists
// follow what Anthropic's sandbox-runtime and Codex keep from agents, and go further
// (package-registry tokens, cloud CLIs, password stores, ssh host keys).
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';

import type { PermissionSet } from '../permissions.js';

/** Credential files and directories under $HOME. */
export const HOME_SECRETS: readonly string[] = [
  '.ssh', '.aws', '.gnupg', '.config/gcloud', '.azure', '.netrc', '.git-credentials', '.docker', '.kube',
  '.config/gh', '.config/hub', '.npmrc', '.yarnrc', '.pgpass', '.pypirc', '.my.cnf', '.gem/credentials',
  '.cargo/credentials', '.cargo/credentials.toml', '.terraform.d/credentials.tfrc.json', '.vault-token',
  '.password-store', '.local/share/keyrings', '.config/op', '.huggingface', '.cache/huggingface/token',
  '.config/anthropic', '.config/openai', '.claude.json', '.claude/.credentials.json', '.codex/auth.json',
  '.config/gemini', '.gemini/oauth_creds.json', '.oci', '.ibmcloud', '.config/doctl', '.config/heroku',
  '.fly', '.wrangler', '.netlify', '.config/configstore', '.dbus', '.mozilla', '.config/google-chrome',
  '.config/chromium', '.bash_history', '.zsh_history', '.python_history', '.psql_history', '.mysql_history',
  // More tools that keep a token or a password in a file of their own.
  '.s3cfg', '.boto', '.terraformrc', '.m2/settings.xml', '.gradle/gradle.properties', '.config/rclone',
  '.config/git/credentials', '.composer/auth.json', '.config/composer/auth.json', '.config/containers/auth.json',
  '.config/pip', '.pip', '.config/sops', '.config/age', '.kaggle', '.tsh', '.config/helm', '.bundle/config',
  '.node_repl_history', '.sqlite_history', '.rediscli_history', '.config/hcloud', '.aliyun',
];

/** `.env` and `.env.*` files directly in a home directory (`~/.env`), hidden like the ones near the work. */
export function homeEnvFiles(home: string): string[] {
  return listDir(home).filter((e) => isEnvFile(e.name)).map((e) => path.join(home, e.name));
}

/** Host files that hold other users' or the machine's secrets. */
export const SYSTEM_SECRETS: readonly string[] = [
  '/etc/shadow', '/etc/shadow-', '/etc/gshadow', '/etc/gshadow-', '/etc/sudoers', '/etc/sudoers.d',
  '/etc/security/opasswd', '/etc/ssl/private', '/etc/ssh/ssh_host_rsa_key', '/etc/ssh/ssh_host_ecdsa_key',
  '/etc/ssh/ssh_host_ed25519_key', '/etc/ssh/ssh_host_dsa_key', '/root/.ssh',
];

/** `.env` and `.env.*` (but not `.envrc`-like tools' files: those are code). */
export function isEnvFile(name: string): boolean {
  return name === '.env' || name.startsWith('.env.');
}

/** The canonical path of an existing path, or null (dangling symlink, missing). */
export function canonical(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

export interface EnvScan {
  /** Canonical paths of `.env*` files found. */
  files: string[];
  /** Set when the scan stopped early (the limit is documented). */
  truncated?: string;
}

/**
 * Directories the scan never enters: VCS internals and installed packages, huge and holding
 * third-party files, not the user's. Build outputs (`build/`, `dist/`, `target/`) and caches
 * are scanned: bundlers and deploy scripts copy `.env` files there.
 */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__']);

/**
 * `.env*` files under `roots` (breadth first, at most `maxDirs` directories; the depth
 * bound only stops a runaway tree: a `.env` seven levels down is as secret as one at the
 * top), plus those in every ancestor of `cwd` (`../.env`). A `.env` that is a symlink
 * is hidden by its target's canonical path.
 */
export function scanEnvFiles(roots: string[], cwd: string, limits = { maxDirs: 20000, maxDepth: 64 }): EnvScan {
  const found = new Set<string>();
  const add = (p: string): void => {
    const c = canonical(p);
    if (c && (!isSymlinkPath(p) || followable(c))) found.add(c);
  };
  for (let dir = path.dirname(cwd); ; dir = path.dirname(dir)) {
    for (const name of listDir(dir)) if (isEnvFile(name.name)) add(path.join(dir, name.name));
    if (dir === '/') break;
  }
  let visited = 0;
  let truncated: string | undefined;
  const queue: Array<[string, number]> = roots.map((r) => [r, 0]);
  const seen = new Set<string>();
  while (queue.length) {
    const [dir, depth] = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    if (++visited > limits.maxDirs) {
      truncated = `stopped after ${limits.maxDirs} directories`;
      break;
    }
    for (const e of listDir(dir)) {
      const full = path.join(dir, e.name);
      if (isEnvFile(e.name)) add(full);
      else if (e.isDirectory() && !SKIP_DIRS.has(e.name) && depth + 1 < limits.maxDepth) queue.push([full, depth + 1]);
    }
  }
  return { files: [...found].sort(), truncated };
}

/** Where programs live: a `.env` symlink into them is not a secret (and must not hide them). */
const SYSTEM_ROOTS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc', '/opt', '/boot', '/proc', '/sys', '/dev', '/run', '/var/lib'];

/**
 * Whether a `.env` symlink's target is hidden with it. Any command may plant such a link in a
 * writable directory, and every world built later (an agent's, the next session's) hides what
 * it names: `ln -s /usr .env` hid /usr, and with it every program. Only a regular file outside
 * the system directories is followed (what such a link is for: `.env -> ../secrets/prod.env`);
 * a file under them is readable by its own name anyway.
 */
function followable(target: string): boolean {
  if (SYSTEM_ROOTS.some((r) => target === r || target.startsWith(r + '/'))) return false;
  try {
    return statSync(target).isFile();
  } catch {
    return false;
  }
}

function isSymlinkPath(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function listDir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Whether `p` exists on the host without following a final symlink. */
export function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

// ---- the environment -----------------------------------------------------------

/** Variables whose NAME says they hold a credential. */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|CREDS|COOKIE|PRIVATE|WEBHOOK|CONNECTION_?STRING|API_?KEY|_DSN$|_KEY$|_PASS$|_PWD$|(^|_)PAT$|(^|_)AUTH(_|$)|^(GEMINI_API_KEY|GOOGLE_API_KEY|OPENAI_API_KEY|ANTHROPIC_API_KEY)$/i;

/** Values that carry a password in a URL (`postgres://user:pw@host/db`, `https://u:tok@git…`). */
const CREDENTIAL_URL = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i;

/**
 * Values that are a credential whatever the variable is called (`MY_VAR=ghp_…`): the
 * published formats of the common providers' tokens and keys, and PEM private keys.
 */
const TOKEN_VALUE = /^(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|sk-[A-Za-z0-9_-]{20,}|[sr]k_(live|test)_[A-Za-z0-9]{16,}|(AKIA|ASIA)[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{30,}|npm_[A-Za-z0-9]{30,}|hf_[A-Za-z0-9]{30,}|pypi-[A-Za-z0-9_-]{50,}|-----BEGIN [A-Z ]*PRIVATE KEY-----)/;

/** Variables that lead to a host service (an agent, a bus, a daemon) whatever the sandbox hides. */
const HOST_SERVICE = new Set(['SSH_AUTH_SOCK', 'SSH_AGENT_PID', 'DBUS_SESSION_BUS_ADDRESS', 'DOCKER_HOST', 'GPG_AGENT_INFO', 'XDG_RUNTIME_DIR', 'DISPLAY', 'WAYLAND_DISPLAY', 'XAUTHORITY', 'KRB5CCNAME', 'AWS_SESSION_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'GOOGLE_APPLICATION_CREDENTIALS']);

export function looksSecret(name: string): boolean {
  let secret = secretNames.get(name);
  if (secret === undefined) {
    secret = SECRET_NAME.test(name) || HOST_SERVICE.has(name);
    if (secretNames.size >= 4096) secretNames.clear();
    secretNames.set(name, secret);
  }
  return secret;
}

const secretNames = new Map<string, boolean>();

/**
 * The one test of "a secret-looking variable" for every place that passes variables on (a
 * stage, EXEC, the agent's commands, MCP servers, `${VAR}` in MCP config): its name, or a
 * value that is a URL with a password in it.
 */
export function isSecretVar(name: string, value: string | undefined): boolean {
  if (looksSecret(name)) return true;
  if (value === undefined) return false;
  // Every stage's environment is tested, and it is mostly the same variables each time: the
  // answers are kept (these regexps cost microseconds a variable), here and in looksSecret.
  const key = `${name}=${value}`;
  let secret = secretValues.get(key);
  if (secret === undefined) {
    secret = CREDENTIAL_URL.test(value) || TOKEN_VALUE.test(value);
    if (secretValues.size >= 4096) secretValues.clear();
    secretValues.set(key, secret);
  }
  return secret;
}

const secretValues = new Map<string, boolean>();

function namedInEnvGrant(perms: PermissionSet, name: string): boolean {
  const g = perms.allow.env;
  return Array.isArray(g) && g.includes(name);
}

/** The environment a stage gets: secret-looking and host-service variables removed unless --allow-env names them; --deny-env removed. */
export function filterEnv(env: Record<string, string>, perms: PermissionSet): Record<string, string> {
  const out: Record<string, string> = {};
  const denied = perms.deny.env;
  for (const [k, v] of Object.entries(env)) {
    if (denied === true || (Array.isArray(denied) && denied.includes(k))) continue;
    if (isSecretVar(k, v) && !namedInEnvGrant(perms, k)) continue;
    out[k] = v;
  }
  return out;
}
