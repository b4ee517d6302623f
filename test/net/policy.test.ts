// The decision behind --allow-net=HOST,… as data: scopes, host spellings, address classes,
// the policy's verdicts and the hosts-file resolver. The proxy, SYS_HTTP and `net check`
// all use these functions (test/net/proxy.test.ts and test/sandbox/net.test.ts drive them
// through real connections).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { addressClass } from '../../src/kernel/net/address.js';
import { NetPolicy, parseAuthority } from '../../src/kernel/net/policy.js';
import { hostsFileResolver } from '../../src/kernel/net/resolve.js';
import { isIpLiteral, normalizeHost, parseScope, scopeCovers, scopeMatches } from '../../src/kernel/net/scope.js';
import { checkNet, intersect, isNetScope, permissionsFromFlags } from '../../src/kernel/permissions.js';

const perms = (...flags: string[]) => permissionsFromFlags(flags);

describe('host spellings', () => {
  it.each([
    ['Example.COM.', 'example.com'],
    ['0x7f.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['017700000001', '127.0.0.1'],
    ['[::ffff:127.0.0.1]', '[::ffff:7f00:1]'],
    ['[0:0:0:0:0:0:0:1]', '[::1]'],
    ['bücher.de', 'xn--bcher-kva.de'],
  ])('%s is %s', (raw, want) => expect(normalizeHost(raw)).toBe(want));

  it.each(['', 'a b', 'user@host', 'host/path', '999.1.1.1', '::1', '[::1', 'a%2f'])('%j is not a host', (raw) => expect(normalizeHost(raw)).toBeNull());

  it('knows IP literals', () => {
    expect(isIpLiteral('10.0.0.1')).toBe(true);
    expect(isIpLiteral('[::1]')).toBe(true);
    expect(isIpLiteral('10.0.0.1.example')).toBe(false);
  });
});

describe('scopes', () => {
  it('match names, globs, ports and literals', () => {
    const m = (scope: string, host: string, port = 443) => scopeMatches(parseScope(scope)!, normalizeHost(host)!, port);
    expect(m('api.github.com', 'API.GitHub.com')).toBe(true);
    expect(m('api.github.com', 'api.github.com', 22)).toBe(true); // no port: any port
    expect(m('api.github.com:443', 'api.github.com', 80)).toBe(false);
    expect(m('*.github.com', 'a.b.github.com')).toBe(true);
    expect(m('*.github.com', 'github.com')).toBe(false);
    expect(m('*.github.com', 'evilgithub.com')).toBe(false);
    expect(m('*', 'anything.example')).toBe(true);
    expect(m('*', '10.0.0.1')).toBe(false); // a glob never admits an IP literal
    expect(parseScope('*.0.0.1')).toBeNull(); // a glob of numbers is not a domain
    expect(m('127.0.0.1', '0x7f.1')).toBe(true); // the same address however it is written
    expect(m('[::1]:8080', '[0::1]', 8080)).toBe(true);
  });

  it('cover each other only when narrower (intersect-down keeps the child narrow)', () => {
    expect(scopeCovers('*.github.com', 'api.github.com')).toBe(true);
    expect(scopeCovers('*.github.com', '*.api.github.com')).toBe(true);
    expect(scopeCovers('api.github.com', '*.github.com')).toBe(false);
    expect(scopeCovers('example.com', 'example.com:443')).toBe(true);
    expect(scopeCovers('example.com:443', 'example.com')).toBe(false);
    expect(scopeCovers('*', '10.0.0.1')).toBe(false);
    const child = intersect(perms('--allow-net=example.com,*.svc.io'), perms('--allow-net=example.com:443,a.svc.io,other.org'));
    expect(child.allow.net).toEqual(['example.com:443', 'a.svc.io']);
  });

  it('are validated on the command line', () => {
    for (const ok of ['a.b', '*.a.b', 'a.b:443', '1.2.3.4', '[::1]:80', '*', 'localhost']) expect(isNetScope(ok), ok).toBe(true);
    for (const bad of ['a.b:0', 'a.b:70000', 'http://a.b', '*.', '*:443', '[zz::1]', 'a b', '1.2.3.4/8']) expect(isNetScope(bad), bad).toBe(false);
    expect(() => perms('--allow-net=http://x')).toThrow(/not a host name/);
  });

  it('checkNet (MCP, protocol checks) means the same as the proxy', () => {
    const p = perms('--allow-net=api.x.com:443,*.y.org');
    expect(checkNet(p, 'api.x.com')).toBeNull();
    expect(checkNet(p, 'api.x.com:443')).toBeNull();
    expect(checkNet(p, 'api.x.com:80')).not.toBeNull();
    expect(checkNet(p, 'y.org')?.rule).toBe('--allow-net=api.x.com:443,*.y.org');
  });
});

describe('address classes', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'private (shared address space)'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd00::1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
    ['ff02::1', 'multicast'],
  ])('%s is %s', (a, why) => expect(addressClass(a)).toBe(why));

  it.each(['93.184.216.34', '140.82.112.3', '2606:4700::1111', '::ffff:8.8.8.8', '172.32.0.1'])('%s is public', (a) => expect(addressClass(a)).toBeNull());
});

describe('the policy', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aosh-net-policy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const hosts = path.join(dir, 'hosts');
  writeFileSync(hosts, '# test names\n127.0.0.1 allowed.test   rebind.glob.test\n93.184.216.34 public.glob.test\n10.0.0.5 inside.glob.test # comment\n::1 six.test\n');
  const resolver = hostsFileResolver(hosts);

  it('refuses what is not listed, and names the flag that would allow it', () => {
    const p = new NetPolicy(perms('--allow-net=allowed.test'));
    expect(p.decide('allowed.test', 80)).toMatchObject({ ok: true, explicit: true, rule: '--allow-net=allowed.test' });
    expect(p.decide('other.test', 443)).toEqual({ ok: false, refusal: { host: 'other.test', port: 443, reason: 'not-listed', message: 'other.test is not allowed (allow with --allow-net=other.test)' } });
    expect(p.decide('10.0.0.1', 80)).toMatchObject({ ok: false, refusal: { reason: 'ip-literal', message: '10.0.0.1 is an IP address, not on the list (allow with --allow-net=10.0.0.1)' } });
    expect(p.decide('bad host', 80)).toMatchObject({ ok: false, refusal: { reason: 'bad-request' } });
  });

  it('--deny-net wins, and no network means every host is refused', () => {
    const p = new NetPolicy(perms('--allow-net=*.glob.test', '--deny-net=inside.glob.test'));
    expect(p.decide('inside.glob.test', 443)).toMatchObject({ ok: false, refusal: { reason: 'denied', message: 'inside.glob.test is denied by --deny-net=inside.glob.test' } });
    expect(new NetPolicy(perms()).decide('a.test', 443)).toMatchObject({ ok: false, refusal: { reason: 'network-off' } });
  });

  it('resolves names itself; a name resolving to a private address passes only when listed exactly', async () => {
    const p = new NetPolicy(perms('--allow-net=allowed.test,*.glob.test,six.test'));
    expect(await p.admit('allowed.test', 8080, resolver)).toMatchObject({ ok: true, addresses: [{ address: '127.0.0.1', family: 4 }], explicit: true });
    expect(await p.admit('public.glob.test', 443, resolver)).toMatchObject({ ok: true, addresses: [{ address: '93.184.216.34', family: 4 }], explicit: false });
    expect(await p.admit('rebind.glob.test', 443, resolver)).toMatchObject({
      ok: false,
      refusal: { reason: 'private-address', address: '127.0.0.1', message: 'rebind.glob.test resolves to 127.0.0.1 (loopback): allowed only when listed by name (allow with --allow-net=rebind.glob.test)' },
    });
    expect(await p.admit('inside.glob.test', 443, resolver)).toMatchObject({ ok: false, refusal: { reason: 'private-address', address: '10.0.0.5' } });
    expect(await p.admit('six.test', 443, resolver)).toMatchObject({ ok: true, addresses: [{ address: '::1', family: 6 }] });
    const gone = await p.admit('missing.glob.test', 443, resolver);
    expect(gone).toMatchObject({ ok: false, host: 'missing.glob.test' });
    expect('unresolved' in gone && gone.unresolved.message).toBe(`missing.glob.test does not resolve (not in AOSH_NET_HOSTS=${hosts})`);
  });

  it('an IP literal is connected to as itself when listed (no resolution)', async () => {
    const p = new NetPolicy(perms('--allow-net=127.0.0.1:9'));
    expect(await p.admit('127.0.0.1', 9, resolver)).toMatchObject({ ok: true, addresses: [{ address: '127.0.0.1', family: 4 }] });
    expect(await p.admit('127.0.0.1', 10, resolver)).toMatchObject({ ok: false, refusal: { reason: 'not-listed' } });
  });

  it('narrows (never widens) and says what is no longer allowed', () => {
    const p = new NetPolicy(perms('--allow-net=a.test,b.test'));
    expect(p.narrow(perms('--allow-net=b.test,c.test'))).toBe(true);
    expect(p.version).toBe(1);
    expect(p.list).toEqual(['b.test']);
    expect(p.stillAllowed('a.test', 443)?.message).toBe('a.test is no longer allowed: the list changed (a.test is not allowed (allow with --allow-net=a.test))');
    expect(p.stillAllowed('b.test', 443)).toBeNull();
    expect(p.narrow(perms('--allow-net=b.test'))).toBe(false);
    expect(p.narrow(perms())).toBe(true);
    expect(p.decide('b.test', 443)).toMatchObject({ ok: false, refusal: { reason: 'network-off' } });
  });

  it('a hosts-file address may carry the port of a local test server', async () => {
    writeFileSync(path.join(dir, 'ports'), '127.0.0.1:8443 secure.test\n[::1]:8080 six.test\n::1 bare6.test\n127.0.0.1:99999 bad.test\n');
    const r = hostsFileResolver(path.join(dir, 'ports'));
    expect(await r.lookup('secure.test')).toEqual([{ address: '127.0.0.1', family: 4, port: 8443 }]);
    expect(await r.lookup('six.test')).toEqual([{ address: '::1', family: 6, port: 8080 }]);
    expect(await r.lookup('bare6.test')).toEqual([{ address: '::1', family: 6 }]);
    await expect(r.lookup('bad.test')).rejects.toThrow(/does not resolve/);
  });

  it('an unreadable hosts file is one clear line', async () => {
    const r = hostsFileResolver(path.join(dir, 'missing'));
    await expect(r.lookup('a.test')).rejects.toThrow(`cannot read AOSH_NET_HOSTS=${path.join(dir, 'missing')} (ENOENT)`);
  });

  it('parses authorities', () => {
    expect(parseAuthority('a.test:443', null)).toEqual({ host: 'a.test', port: 443 });
    expect(parseAuthority('[::1]:80', null)).toEqual({ host: '[::1]', port: 80 });
    expect(parseAuthority('a.test', null)).toBeNull();
    expect(parseAuthority('a.test', 80)).toEqual({ host: 'a.test', port: 80 });
    expect(parseAuthority('a.test:0', 80)).toBeNull();
  });
});
