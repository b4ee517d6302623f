// What environment a stage gets: credentials by name, host services, and passwords inside
// URL values are removed unless --allow-env names them; everything else passes.
import { describe, expect, it } from 'vitest';
import { filterEnv } from '../../src/kernel/world/secrets.js';
import { childEnv } from '../../src/kernel/syscalls/kernel-ops.js';
import { sessionDefaults } from '../../src/kernel/permissions.js';

const env = {
  GITHUB_TOKEN: 'ghp_x',
  MYSQL_PWD: 'p',
  DB_PASS: 'p',
  GPG_PASSPHRASE: 'p',
  NPM_AUTH: 'a',
  SESSION_COOKIE: 'c',
  STRIPE_KEY: 'k',
  SSH_AUTH_SOCK: '/run/ssh',
  GH_PAT: 'github_pat_x',
  DEPLOY_CREDS: 'c',
  SIGNING_PRIVATE: 'k',
  SENTRY_DSN: 'https://abc@o1.ingest.sentry.io/1',
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x',
  // Innocent names, credential values:
  MY_VAR: 'ghp_0123456789abcdefghijABCDEFGHIJ012345',
  DEPLOY: 'AKIAIOSFODNN7EXAMPLE',
  SIGNING: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n',
  NOTE: 'sk-proj-0123456789abcdefghijklmn',
  DATABASE_URL: 'postgres://u:pw@db/x',
  REPO: 'https://tok:x-oauth@github.com/a/b',
  GIT_AUTHOR_NAME: 'me',
  PLAIN_URL: 'https://example.com/x?a=1',
  USER_AT_HOST: 'git@github.com:a/b',
  PWD: '/w',
  OLDPWD: '/v',
  PATH: '/usr/bin',
};

describe('the environment a stage gets', () => {
  it('drops credentials by name and by value, keeps the rest', () => {
    const out = filterEnv(env, sessionDefaults());
    expect(Object.keys(out).sort()).toEqual(['GIT_AUTHOR_NAME', 'OLDPWD', 'PATH', 'PLAIN_URL', 'PWD', 'USER_AT_HOST']);
  });

  it('EXEC, SPAWN, the agent and MCP servers (childEnv) drop exactly what a stage drops', () => {
    // childEnv had a narrower test of its own: GH_PAT, SSH_AUTH_SOCK and credential URLs passed.
    expect(Object.keys(childEnv(sessionDefaults(), env)).sort()).toEqual(Object.keys(filterEnv(env, sessionDefaults())).sort());
  });

  it('--allow-env=NAME brings one back', () => {
    const perms = sessionDefaults();
    perms.allow.env = ['DATABASE_URL', 'MYSQL_PWD'];
    const out = filterEnv(env, perms);
    expect(out.DATABASE_URL).toBe('postgres://u:pw@db/x');
    expect(out.MYSQL_PWD).toBe('p');
    expect(out.GITHUB_TOKEN).toBeUndefined();
  });
});
