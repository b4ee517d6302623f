// --allow-net=HOST,… end to end (issue 15), from real sandboxed clients: curl and Python's
// urllib inside aosh's world, through the world's real proxy, to real servers on the host's
// loopback, as root and as `nobody`, in the outer container (container.ts). Names come
// from AOSH_NET_HOSTS (allowed.test and friends are 127.0.0.1 there), so nothing but
// loopback and the namespaces aosh makes is ever used. Probes print NAME=VALUE lines.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { root } from '../helpers/run-aosh.js';
import { Container, containerSkipReason, NOBODY } from './container.js';

const skip = containerSkipReason();
const missing = ['/usr/bin/curl', '/usr/bin/python3', '/usr/bin/openssl'].filter((f) => !existsSync(f));
const why = skip || (missing.length ? `needs ${missing.join(', ')} (.ci/run installs them)` : '');
if (why) console.log(`test/sandbox/net.test.ts skipped: ${why}`);

function values(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const m = /^([A-Za-z0-9_.-]+)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

const listen = (s: Server | HttpServer | HttpsServer): Promise<number> => new Promise((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));

/** Python's urllib, the way pip and most scripts reach the network (proxies from the environment). */
const PY_PROBE = `
import json, socket, ssl, sys, urllib.request, urllib.error
def get(name, url, cafile=None):
    try:
        ctx = ssl.create_default_context(cafile=cafile) if cafile else None
        with urllib.request.urlopen(url, timeout=20, context=ctx) as r:
            print(f"{name}={r.status} {r.read().decode().strip()}")
    except urllib.error.HTTPError as e:
        print(f"{name}={e.code} {e.read().decode().strip()}")
    except urllib.error.URLError as e:
        print(f"{name}=refused {e.reason}")
def direct(name, fn):
    try:
        fn(); print(f"{name}=LEAK")
    except OSError as e:
        print(f"{name}={type(e).__name__} {e.errno}")
args = json.loads(sys.argv[1])
for name, url, *ca in args["get"]:
    get(name, url, *ca)
if args.get("direct"):
    port = args["direct"]
    direct("tcp_host_loopback", lambda: socket.create_connection(("127.0.0.1", port), timeout=5))
    direct("tcp_outside", lambda: socket.create_connection(("192.0.2.1", 80), timeout=5))
    def udp():
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.sendto(b"x", ("192.0.2.1", 53))
    direct("udp_outside", udp)
    def dns():
        socket.getaddrinfo("allowed.test", 80)
    try:
        dns(); print("dns=LEAK")
    except socket.gaierror as e:
        print(f"dns=gaierror")
`;

for (const who of ['root', 'nobody'] as const) {
  describe.skipIf(why !== '')(`--allow-net=HOST,… as ${who} ${why}`, () => {
    const uid = who === 'nobody' ? NOBODY : undefined;
    let base: string;
    let work: string;
    let home: string;
    let state: string;
    let hosts: string;
    let container: Container;
    let web: HttpServer;
    let tls: HttpsServer;
    let raw: Server;
    let webPort = 0;
    let tlsPort = 0;
    let rawPort = 0;
    const seen: string[] = [];

    beforeAll(async () => {
      base = mkdtempSync(path.join(existsSync('/var/tmp') ? '/var/tmp' : tmpdir(), 'aosh-net-'));
      chmodSync(base, 0o755);
      work = path.join(base, 'work');
      home = path.join(base, 'home');
      state = path.join(base, 'state');
      for (const d of [work, home, state]) mkdirSync(d);
      hosts = path.join(base, 'hosts');
      writeFileSync(hosts, '127.0.0.1 allowed.test other.test tls.test rebind.allowed.test\n');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=tls.test', '-addext', 'subjectAltName=DNS:tls.test', '-keyout', path.join(base, 'key.pem'), '-out', path.join(work, 'ca.pem')], { stdio: 'ignore' });
      writeFileSync(path.join(work, 'probe.py'), PY_PROBE);
      if (uid !== undefined) for (const p of [work, home, state, path.join(work, 'ca.pem'), path.join(work, 'probe.py')]) chownSync(p, uid, uid);
      const handler = (req: IncomingMessage, res: ServerResponse): void => {
        seen.push(`${req.headers.host} ${req.url}`);
        if (req.url === '/big') {
          res.writeHead(200, { 'content-length': String(1 << 20) });
          return void res.end(Buffer.alloc(1 << 20, 97));
        }
        res.end(`hello from the host ${req.url}\n`);
      };
      web = createHttpServer(handler);
      tls = createHttpsServer({ key: readFileSync(path.join(base, 'key.pem')), cert: readFileSync(path.join(work, 'ca.pem')) }, handler);
      raw = createServer((s) => s.end('RAW-HOST-SERVICE\n'));
      [webPort, tlsPort, rawPort] = await Promise.all([listen(web), listen(tls), listen(raw)]);
      container = new Container({ delegateTo: uid });
    });

    afterAll(() => {
      container?.destroy();
      web?.close();
      tls?.close();
      raw?.close();
      rmSync(base, { recursive: true, force: true });
    });

    const aosh = async (args: string[]) => {
      const env = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: home, AOSH_HOME: state, AOSH_NET_HOSTS: hosts, PYTHONPATH: path.join(root, 'src/sdk/python') };
      const r = await container.run(args, { cwd: work, user: uid, timeoutMs: 90_000, env });
      return { ...r, v: values(r.stdout) };
    };
    const journal = (): Array<Record<string, unknown>> =>
      readdirSync(path.join(state, 'journal'))
        .filter((f) => f.endsWith('.jsonl'))
        .flatMap((f) => readFileSync(path.join(state, 'journal', f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));

    it('curl and urllib: the allowed host is reached, others, IP literals and rebinding names get 403, TLS goes through CONNECT', async () => {
      seen.length = 0;
      const py = JSON.stringify({
        get: [
          ['py_allowed', `http://allowed.test:${webPort}/py`],
          ['py_other', `http://other.test:${webPort}/`],
          ['py_rebind', `http://rebind.allowed.test:${webPort}/`],
          ['py_tls', `https://tls.test:${tlsPort}/py-secure`, 'ca.pem'],
          ['py_tls_other', `https://other.test:${tlsPort}/`, 'ca.pem'],
        ],
      });
      const r = await aosh(['--allow-net=allowed.test,tls.test,*.allowed.test', '-c', [
        `echo curl_allowed=$(curl -sS http://allowed.test:${webPort}/curl)`,
        `curl -s -o /dev/null -w 'curl_other=%{http_code}\\n' http://other.test:${webPort}/`,
        `curl -s -o /dev/null -w 'curl_ip=%{http_code}\\n' http://192.0.2.1:${webPort}/`,
        `curl -s --noproxy '' -o /dev/null -w 'curl_loopback_ip=%{http_code}\\n' http://127.0.0.1:${webPort}/`,
        `curl -s -o /dev/null -w 'curl_rebind=%{http_code}\\n' http://rebind.allowed.test:${webPort}/`,
        `echo curl_tls=$(curl -sS --cacert ca.pem https://tls.test:${tlsPort}/secure)`,
        `curl -sS --cacert ca.pem https://other.test:${tlsPort}/ 2>/dev/null; echo curl_tls_other=$?`,
        `/usr/bin/python3 probe.py '${py}'`,
      ].join('\n')]);
      const v = r.v;
      const ctx = `${r.stdout}\n${r.stderr}`;
      expect(v.curl_allowed, ctx).toBe('hello from the host /curl');
      expect(v.curl_other, ctx).toBe('403');
      expect(v.curl_ip, ctx).toBe('403');
      expect(v.curl_loopback_ip, ctx).toBe('403');
      expect(v.curl_rebind, ctx).toBe('403');
      expect(v.curl_tls, ctx).toBe('hello from the host /secure');
      expect(v.curl_tls_other, ctx).toBe('56'); // CONNECT tunnel failed, response 403
      expect(v.py_allowed, ctx).toBe('200 hello from the host /py');
      expect(v.py_other, ctx).toBe('403 aosh: other.test is not allowed (allow with --allow-net=other.test)');
      expect(v.py_rebind, ctx).toBe('403 aosh: rebind.allowed.test resolves to 127.0.0.1 (loopback): allowed only when listed by name (allow with --allow-net=rebind.allowed.test)');
      expect(v.py_tls, ctx).toBe('200 hello from the host /py-secure');
      expect(v.py_tls_other, ctx).toMatch(/^refused Tunnel connection failed: 403 Forbidden by aosh: other\.test is not allowed \(allow with --allow-net=other\.test\)$/);
      // Only the allowed requests reached a server.
      expect(seen.sort()).toEqual([`allowed.test:${webPort} /curl`, `allowed.test:${webPort} /py`, `tls.test:${tlsPort} /py-secure`, `tls.test:${tlsPort} /secure`]);
      // One note per refusal for the user, a net.denied record for each on the journal.
      expect(r.stderr).toContain('aosh: note: other.test is not allowed (allow with --allow-net=other.test)\n');
      expect(r.stderr).toContain('aosh: note: 192.0.2.1 is an IP address, not on the list (allow with --allow-net=192.0.2.1)\n');
      expect(r.stderr).toContain('aosh: note: rebind.allowed.test resolves to 127.0.0.1 (loopback): allowed only when listed by name (allow with --allow-net=rebind.allowed.test)\n');
      const denied = journal().filter((j) => j.type === 'net.denied');
      expect(denied.map((d) => `${d.host} ${d.reason} ${d.agent}`).sort()).toEqual(
        ['127.0.0.1 ip-literal session', '192.0.2.1 ip-literal session', 'other.test not-listed session', 'other.test not-listed session', 'other.test not-listed session', 'other.test not-listed session', 'rebind.allowed.test private-address session', 'rebind.allowed.test private-address session'].sort(),
      );
    });

    it('direct connections fail inside the world: raw TCP, UDP and DNS have no route', async () => {
      const r = await aosh(['--allow-net=allowed.test', '-c', [
        `/usr/bin/python3 probe.py '${JSON.stringify({ get: [], direct: rawPort })}'`,
        `curl -sS --noproxy '*' http://allowed.test:${webPort}/ 2>/dev/null; echo curl_direct=$?`,
        `bash -c 'read l < /dev/tcp/127.0.0.1/${rawPort} && echo "$l"' 2>/dev/null || echo bash_tcp=refused`,
      ].join('\n')]);
      const ctx = `${r.stdout}\n${r.stderr}`;
      expect(r.v.tcp_host_loopback, ctx).toBe('ConnectionRefusedError 111'); // the world's own loopback: nothing there
      expect(r.v.tcp_outside, ctx).toBe('OSError 101'); // ENETUNREACH
      expect(r.v.udp_outside, ctx).toBe('OSError 101');
      expect(r.v.dns, ctx).toBe('gaierror');
      expect(r.v.curl_direct, ctx).toBe('6'); // the name does not resolve inside
      expect(r.v.bash_tcp, ctx).toBe('refused');
      expect(r.stdout).not.toContain('RAW-HOST-SERVICE');
      expect(r.stderr).toContain("aosh: note: 192.0.2.1:80: no direct connections from this sandbox; only allowed.test through aosh's proxy ($HTTPS_PROXY)\n");
    });

    it('net ls and ps --json count connections, bytes in and out and refusals per world', async () => {
      const r = await aosh(['--allow-net=allowed.test', '-c', [
        `curl -sS -o /dev/null http://allowed.test:${webPort}/big`,
        `curl -sS -o /dev/null http://other.test:${webPort}/`,
        'net ls --json',
        // A stage of the session (a job) counts in the session's world; a spawned agent has its own.
        `bash -c 'curl -sS -o /dev/null http://allowed.test:${webPort}/big; sleep 30' &`,
        `spawn --name solo bash -c 'curl -sS -o /dev/null http://allowed.test:${webPort}/big; sleep 30' >/dev/null`,
        'sleep 2; ps --json; kill %1 solo',
      ].join('\n')]);
      const lines = r.stdout.trim().split('\n');
      const ls = JSON.parse(lines[0]!) as { network: string; allow: string[]; worlds: Array<Record<string, unknown>> };
      expect(ls.network, r.stderr).toBe('proxy');
      expect(ls.allow).toEqual(['allowed.test']);
      expect(ls.worlds).toHaveLength(1);
      const w = ls.worlds[0]!;
      expect(w).toMatchObject({ world: 'session', proxy: 'http://127.0.0.1:3128', allow: ['allowed.test'], connections: 1, active: 0, denied: 1 });
      expect(w.bytes_in as number).toBeGreaterThan(1 << 20);
      expect(w.bytes_out as number).toBeGreaterThan(40);
      expect((w.denials as Array<{ host: string }>)[0]!.host).toBe('other.test');
      const ps = JSON.parse(lines[1]!) as Array<{ name: string; net?: Record<string, unknown> }>;
      const job = ps.find((p) => p.name === 'bash');
      expect(job?.net, lines[1]).toMatchObject({ world: 'session', allow: ['allowed.test'], connections: 2, denied: 1 });
      expect(job!.net!.bytes_in as number).toBeGreaterThan(2 << 20);
      const solo = ps.find((p) => p.name === 'solo');
      expect(solo?.net, lines[1]).toMatchObject({ world: 'solo', allow: ['allowed.test'], connections: 1, denied: 0 });
      expect(solo!.net!.bytes_in as number).toBeGreaterThan(1 << 20);
    });

    it('an agent gets its own proxy with the intersection of the lists; SYS_HTTP obeys the same rules; SET_PERMS narrows the agent\'s proxy', async () => {
      const agent = [
        'import json, urllib.request, urllib.error, aosh',
        'def get(url):',
        '    try:',
        '        with urllib.request.urlopen(url, timeout=20) as r: return f"{r.status}"',
        '    except urllib.error.HTTPError as e: return f"{e.code}"',
        'c = aosh.connect()',
        `print("agent_allowed=" + get("http://allowed.test:${webPort}/agent"))`,
        `print("agent_other=" + get("http://other.test:${webPort}/"))`,
        `h = c.http("http://allowed.test:${webPort}/sys-http")`,
        'print("sys_http_allowed=" + str(h.get("status_code")) + " " + h.get("body", "").strip())',
        `h = c.http("http://rebind.allowed.test:${webPort}/")`,
        'print("sys_http_rebind=" + h.get("error", ""))',
        `h = c.http("http://127.0.0.1:${webPort}/")`,
        'print("sys_http_ip=" + h.get("error", ""))',
        `c.set_permissions({"network": ["tls.test"]})`,
        `print("agent_after=" + get("http://allowed.test:${webPort}/after"))`,
        '',
      ].join('\n');
      writeFileSync(path.join(work, 'agent.py'), agent);
      if (uid !== undefined) chownSync(path.join(work, 'agent.py'), uid, uid);
      seen.length = 0;
      const r = await aosh(['--allow-net=allowed.test,other.test,tls.test,*.allowed.test', '-c', [
        'spawn --name ag --allow-net=allowed.test,tls.test,*.allowed.test -- /usr/bin/python3 agent.py; wait ag; echo ag_status=$?',
        'net ls --json',
      ].join('\n')]);
      const ctx = `${r.stdout}\n${r.stderr}`;
      expect(r.v.agent_allowed, ctx).toBe('200');
      expect(r.v.agent_other, ctx).toBe('403'); // the session may, the agent may not
      expect(r.v.sys_http_allowed, ctx).toBe('200 hello from the host /sys-http');
      expect(r.v.sys_http_rebind, ctx).toBe('Permission denied: domain not in whitelist: rebind.allowed.test (rule --allow-net=allowed.test,tls.test,*.allowed.test: rebind.allowed.test resolves to 127.0.0.1 (loopback): allowed only when listed by name (allow with --allow-net=rebind.allowed.test))');
      expect(r.v.sys_http_ip, ctx).toMatch(/^Permission denied: domain not in whitelist: 127\.0\.0\.1 \(rule .*127\.0\.0\.1 is an IP address, not on the list/);
      expect(r.v.agent_after, ctx).toBe('403'); // narrowed to tls.test by its own SET_PERMS
      expect(r.v.ag_status, ctx).toBe('0');
      expect(seen.sort()).toEqual([`allowed.test:${webPort} /agent`, `allowed.test:${webPort} /sys-http`]);
      const denied = journal().filter((j) => j.type === 'net.denied' && j.agent === 'ag');
      expect(denied.map((d) => `${d.host} ${d.reason}`)).toEqual(expect.arrayContaining(['other.test not-listed', 'rebind.allowed.test private-address', 'allowed.test not-listed']));
      // The agent's world (and its proxy) ended with it.
      const ls = JSON.parse(r.stdout.trim().split('\n').pop()!) as { worlds: Array<{ world: string }> };
      expect(ls.worlds.map((w) => w.world)).not.toContain('ag');
    });

    it('--allow-net alone keeps the host network (no proxy); a listed loopback address goes through the proxy; a bad list is one line, status 2', async () => {
      const host = await aosh(['--allow-net', '-c', `sh -c 'echo proxy=\${HTTPS_PROXY:-none}'; curl -sS --noproxy '*' http://127.0.0.1:${webPort}/host; net ls --json`]);
      expect(host.v.proxy, host.stderr).toBe('none');
      expect(host.stdout).toContain('hello from the host /host');
      expect(host.stdout).toContain('{"network":"host","allow":[],"worlds":[]}');
      // The host's loopback, listed as itself: no longer bypassed (NO_PROXY), through the proxy.
      const listed = await aosh([`--allow-net=127.0.0.1:${webPort}`, '-c', `sh -c 'echo no_proxy=$NO_PROXY'; curl -sS http://127.0.0.1:${webPort}/listed; curl -s -o /dev/null -w 'other_port=%{http_code}\\n' http://127.0.0.1:${rawPort}/`]);
      expect(listed.v.no_proxy, listed.stderr).toBe('localhost,::1');
      expect(listed.stdout).toContain('hello from the host /listed');
      expect(listed.v.other_port).toBe('403');
      const bad = await aosh(['--allow-net=http://x.test', '-c', 'true']);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toBe('aosh: --allow-net=http://x.test: not a host name, *.domain, IP address or HOST:PORT (see aosh --help)\n');
    });
  });
}
