// API keys in $AOSH_HOME/.env (`think keys`): the file config.ts reads after the process
// environment and the project's .env. Written atomically with mode 0600 in a 0700
// directory; a key's value is never returned to a caller that only asked which are set.
import { chmodSync, closeSync, constants as fsc, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseDotenv, SECRET_VARS } from './config.js';

/** Short names `think keys set` accepts, as `llm keys set openai` does. */
export const KEY_ALIASES: Record<string, string> = {
  openai: 'OPENAI_API_KEY',
  gemini: 'GEMINI_API_KEY',
  google: 'GOOGLE_API_KEY',
};

/** The variable a NAME stands for (an alias or one of SECRET_VARS), or null. */
export function keyVariable(name: string): string | null {
  const alias = KEY_ALIASES[name.toLowerCase()];
  if (alias) return alias;
  return (SECRET_VARS as readonly string[]).includes(name) ? name : null;
}

export function dotenvPath(home: string): string {
  return join(home, '.env');
}

/** Which key variables are set where (never their values). */
export function keyStatus(home: string, env: Record<string, string | undefined>): Array<{ name: string; in: Array<'environment' | 'aosh-env'> }> {
  let file: Record<string, string> = {};
  try {
    file = parseDotenv(readFileSync(dotenvPath(home), 'utf8'));
  } catch {
    // no file yet
  }
  return SECRET_VARS.map((name) => {
    const where: Array<'environment' | 'aosh-env'> = [];
    if (env[name]) where.push('environment');
    if (file[name]) where.push('aosh-env');
    return { name, in: where };
  });
}

/** A value .env can hold on one line without quoting surprises. */
export function checkKeyValue(value: string): string | null {
  if (value === '') return 'the key is empty';
  if (/[\s"'#\\]/.test(value)) return 'a key has no spaces, quotes, # or backslashes';
  return null;
}

/**
 * Sets NAME=value in $AOSH_HOME/.env, replacing an earlier line for NAME and keeping every
 * other line as it was. The directory becomes 0700 and the file 0600 (created that way, so
 * the key is never readable by others, not even for a moment).
 */
export function writeKey(home: string, name: string, value: string): string {
  const bad = checkKeyValue(value);
  if (bad) throw new Error(bad);
  mkdirSync(home, { recursive: true, mode: 0o700 });
  if ((statSync(home).mode & 0o077) !== 0) chmodSync(home, 0o700);
  const path = dotenvPath(home);
  let lines: string[] = [];
  try {
    lines = readFileSync(path, 'utf8').split(/\r?\n/);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const re = new RegExp(`^\\s*(?:export\\s+)?${name}\\s*=`);
  let replaced = false;
  lines = lines.flatMap((l) => {
    if (!re.test(l)) return [l];
    if (replaced) return [];
    replaced = true;
    return [`${name}=${value}`];
  });
  if (!replaced) lines.push(`${name}=${value}`);
  const tmp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  const fd = openSync(tmp, fsc.O_CREAT | fsc.O_EXCL | fsc.O_WRONLY, 0o600);
  try {
    writeSync(fd, lines.join('\n') + '\n');
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(tmp);
    throw err;
  }
  closeSync(fd);
  // The umask may have taken bits away, never added them; still, say exactly what it is.
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
  return path;
}
