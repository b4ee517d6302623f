// The capability model: Deno flags and the protocol object, intersection, and denials that
// name their rule.
import { describe, expect, it } from 'vitest';
import {
  allowAll, applyPermissionFlag, checkCommand, checkNet, checkRead, checkThink, checkWrite, describePermissions,
  emptyPermissions, fromProtocolPerms, globMatch, intersect, isAllowed, levelPermissions, toProtocolPerms,
} from '../../src/kernel/permissions.js';

function flags(...fs: string[]) {
  const p = emptyPermissions();
  for (const f of fs) applyPermissionFlag(p, f);
  return p;
}

describe('flags', () => {
  it('parses allow/deny, -A, think/spawn and quotas, and renders them back', () => {
    const p = flags('--allow-read=/home,/tmp', '--deny-read=/home/u/.ssh', '--allow-net', '--deny-think', '--llm-calls=5');
    expect(describePermissions(p)).toEqual(['--allow-net', '--allow-read=/home,/tmp', '--deny-read=/home/u/.ssh', '--deny-think', '--llm-calls=5']);
    expect(isAllowed(p, 'read', '/home/u/x')).toBe(true);
    expect(isAllowed(p, 'read', '/home/u/.ssh/id_rsa')).toBe(false);
    expect(isAllowed(p, 'read', '/etc')).toBe(false);
    expect(() => applyPermissionFlag(p, '--allow-bogus')).toThrow(/unknown permission flag/);
    expect(applyPermissionFlag(p, '--verbose')).toBe(false);
  });
});

describe('intersection', () => {
  it('keeps what both allow, narrowing path scopes, and unions denials', () => {
    const parent = flags('--allow-read=/home', '--allow-net=api.example.com,*.svc.io', '--deny-run=sudo', '--llm-tokens=1000');
    const child = flags('--allow-read=/home/u/proj,/etc', '--allow-net', '--allow-run', '--deny-run=rm', '--llm-tokens=5000', '--llm-calls=3');
    const both = intersect(parent, child);
    expect(both.allow.read).toEqual(['/home/u/proj']);
    expect(both.allow.net).toEqual(['api.example.com', '*.svc.io']);
    expect(both.allow.run).toBe(false);
    expect(both.deny.run).toEqual(['sudo', 'rm']);
    expect(both.llm).toEqual({ maxCalls: 3, maxTokens: 1000 });
    expect(intersect(allowAll(), flags('--allow-read=/tmp')).allow.read).toEqual(['/tmp']);
    expect(intersect(flags('--allow-read=/tmp'), allowAll()).allow.read).toEqual(['/tmp']);
    expect(intersect(flags('--allow-write=/tmp/*'), flags('--allow-write=/tmp/foo*')).allow.write).toEqual(['/tmp/foo*']);
    expect(intersect(allowAll(), flags('--deny-spawn')).spawn).toBe(false);
  });

  it('a child never gets more than its parent, whatever it asks', () => {
    const parent = levelPermissions('readonly');
    const child = intersect(parent, levelPermissions('unrestricted'));
    expect(checkWrite(child, '/tmp/x')).not.toBeNull();
    expect(checkCommand(child, 'ls')).not.toBeNull();
    expect(checkRead(child, '/etc/passwd')?.rule).toBe('--deny-read=/etc/passwd');
    expect(child.spawn).toBe(false);
  });
});

describe('protocol checks name their rule', () => {
  const std = levelPermissions('standard');
  it('paths: blocked globs (fnmatch, * stops at /), allow lists, ~ expansion', () => {
    expect(checkRead(std, '/etc/shadow')).toEqual({ rule: '--deny-read=/etc/shadow', reason: 'read denied for /etc/shadow' });
    expect(checkRead(std, '/mytoken')?.rule).toBe('--deny-read=**/*token*');
    // REF's `*/*token*` never matched an absolute path deeper than one level: `**` does.
    expect(checkRead(std, '/tmp/mytoken.txt')?.rule).toBe('--deny-read=**/*token*');
    expect(checkRead(std, '/work/app/.env')?.rule).toBe('--deny-read=**/.env');
    expect(checkRead(std, '/work/app/.env.local')?.rule).toBe('--deny-read=**/.env.*');
    expect(checkRead(std, `${process.env.HOME}/.ssh/id_rsa`)?.rule).toBe('--deny-read=~/.ssh');
    expect(checkRead(std, `${process.env.HOME}/.ssh`)?.rule).toBe('--deny-read=~/.ssh');
    const sb = levelPermissions('sandboxed');
    expect(checkWrite(sb, '/tmp/a')).toBeNull();
    expect(checkWrite(sb, '/var/a')?.rule).toBe('--allow-write=/tmp/*');
  });

  it('commands: substring fragments, deny before allow', () => {
    expect(checkCommand(std, 'echo sudo')?.rule).toBe('--deny-run=sudo');
    expect(checkCommand(std, 'ls -la')).toBeNull();
    const only = fromProtocolPerms({ exec: ['echo'] });
    expect(checkCommand(only, 'ls; echo')).toBeNull();
    expect(checkCommand(only, 'ls')?.rule).toBe('--allow-run=echo');
    expect(checkCommand(levelPermissions('readonly'), 'ls')?.rule).toBe('--allow-run (not granted)');
  });

  it('network: exact hosts and *.suffix; an empty list allows nothing', () => {
    const p = fromProtocolPerms({ network: ['api.x.com', '*.y.org'] });
    expect(checkNet(p, 'api.x.com')).toBeNull();
    expect(checkNet(p, 'a.y.org')).toBeNull();
    expect(checkNet(p, 'y.org')?.rule).toBe('--allow-net=api.x.com,*.y.org');
    expect(checkNet(fromProtocolPerms({ can_http: true }), 'x.com')?.rule).toBe('--allow-net (not granted)');
    expect(checkNet(levelPermissions('unrestricted'), 'anything.com')).toBeNull();
  });

  it('LLM: can_think and quotas', () => {
    expect(checkThink(fromProtocolPerms({ can_think: false }), { calls: 0, tokens: 0 })?.rule).toBe('--deny-think');
    const q = fromProtocolPerms({ llm: { max_calls: 2, max_tokens: 100 } });
    expect(checkThink(q, { calls: 1, tokens: 50 })).toBeNull();
    expect(checkThink(q, { calls: 2, tokens: 50 })?.rule).toBe('--llm-calls=2');
    expect(checkThink(q, { calls: 1, tokens: 101 })?.rule).toBe('--llm-tokens=100');
  });
});

describe('protocol object', () => {
  it('round-trips presets and follows the from-JSON defaults of spec §5', () => {
    const std = toProtocolPerms(levelPermissions('standard'));
    expect(std).toMatchObject({ level: 'standard', can_exec: true, can_read: true, can_write: true, can_think: true, can_http: false, network: [] });
    expect(std.filesystem.blocked).toContain('/etc/shadow');
    expect(std.blocked_commands).toContain('su ');
    const j = toProtocolPerms(fromProtocolPerms({}));
    expect(j).toMatchObject({ can_exec: true, can_read: true, can_write: true, can_think: true, can_spawn: false, can_http: false, exec: [], blocked_commands: [], filesystem: { read: [], write: [], blocked: [] } });
    expect(toProtocolPerms(fromProtocolPerms({ network: ['a.com'] })).can_http).toBe(true);
    expect(() => fromProtocolPerms({ can_exec: 'yes' })).toThrow(/can_exec must be a boolean/);
    expect(toProtocolPerms(levelPermissions('unrestricted')).network).toEqual(['*']);
  });

  it('globs: * and ? stop at /, ** crosses, classes work', () => {
    expect(globMatch('/tmp/*', '/tmp/a')).toBe(true);
    expect(globMatch('/tmp/*', '/tmp/a/b')).toBe(false);
    expect(globMatch('/tmp/**', '/tmp/a/b')).toBe(true);
    expect(globMatch('/f[0-9].txt', '/f7.txt')).toBe(true);
    expect(globMatch('/f[!0-9].txt', '/f7.txt')).toBe(false);
    expect(globMatch('/a?c', '/a/c')).toBe(false);
  });
});
