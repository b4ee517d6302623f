// NODE_EXTRA_CA_CERTS: bin/aosh moves it aside so Node does not parse the file at start-up
// (src/lib/extra-ca.ts). What it must still mean: aosh's own TLS connections trust the
// file's certificates, a connection to a server it does not sign still fails, and every
// program aosh runs sees the variable as it was given (and nothing of the hand-over).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adoptExtraCaCerts } from '../../src/lib/extra-ca.js';
import { pinnedRequest } from '../../src/kernel/net/request.js';
import { startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { baseEnv, runAosh, tempDir } from '../helpers/run-aosh.js';

const dir = tempDir('aosh-extra-ca-');
let server: FakeServer;
const caFile = join(dir, 'ca.pem');
const otherCa = join(dir, 'other.pem');

function selfSigned(name: string, certOut: string, keyOut: string): void {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyOut, '-out', certOut], { stdio: 'ignore' });
}

beforeAll(async () => {
  selfSigned('aosh test server', caFile, join(dir, 'key.pem'));
  selfSigned('someone else', otherCa, join(dir, 'other-key.pem'));
  // The file Node reads may hold other certificates too: put the server's between two.
  writeFileSync(caFile, readFileSync(otherCa, 'utf8') + readFileSync(caFile, 'utf8') + readFileSync(otherCa, 'utf8'));
  server = await startFakeOpenAI(undefined, { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(caFile, 'utf8').match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\n/g)![1]! });
});
afterAll(() => server?.close());

const env = (extra: Record<string, string>) => baseEnv(dir, { AOSH_HOME: join(dir, '.aosh'), OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${server.url}/v1`, AOSH_MODEL: 'gpt-test', ...extra });

describe('NODE_EXTRA_CA_CERTS', () => {
  it('the LLM connection trusts a server the file signs', async () => {
    expect(server.url.startsWith('https://')).toBe(true);
    const r = await runAosh(['-c', 'think --no-log hello over tls'], { cwd: dir, env: env({ NODE_EXTRA_CA_CERTS: caFile }) });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 'echo: hello over tls\n', '']);
  });

  it('without it, or with a file that signs something else, the same server is refused', async () => {
    for (const extra of [{}, { NODE_EXTRA_CA_CERTS: otherCa }]) {
      const r = await runAosh(['-c', 'think --no-log hello over tls'], { cwd: dir, env: env(extra) });
      expect(r.status).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/certificate|self.signed/i);
    }
  });

  it('a file that cannot be read gets Node\'s warning and the bundled roots, not a crash', async () => {
    const r = await runAosh(['-c', 'think --no-log hello over tls'], { cwd: dir, env: env({ NODE_EXTRA_CA_CERTS: join(dir, 'missing.pem') }) });
    expect(r.stderr).toContain(`Warning: Ignoring extra certs from \`${join(dir, 'missing.pem')}\``);
    expect(r.stderr).toMatch(/certificate|self.signed/i);
    expect(r.status).not.toBe(0);
  });

  it('programs aosh runs see the variable as given, and not the hand-over', async () => {
    const script = 'echo "shell:$NODE_EXTRA_CA_CERTS:${AOSH_NODE_EXTRA_CA_CERTS-none}"; env | grep -c "^AOSH_NODE_EXTRA"; printenv NODE_EXTRA_CA_CERTS';
    for (const sandbox of [[], ['--no-sandbox']]) {
      const r = await runAosh([...sandbox, '-c', script], { cwd: dir, env: env({ NODE_EXTRA_CA_CERTS: caFile }) });
      expect(r.stdout).toBe(`shell:${caFile}:none\n0\n${caFile}\n`);
    }
    const unset = await runAosh(['--no-sandbox', '-c', 'echo "${NODE_EXTRA_CA_CERTS-unset}"'], { cwd: dir, env: env({}) });
    expect(unset.stdout).toBe('unset\n');
    const empty = await runAosh(['--no-sandbox', '-c', 'echo "[${NODE_EXTRA_CA_CERTS-unset}]"'], { cwd: dir, env: env({ NODE_EXTRA_CA_CERTS: '' }) });
    expect(empty.stdout).toBe('[]\n');
  });
});

describe('NODE_EXTRA_CA_CERTS in the kernel: the socket\'s HTTP op and MCP over HTTPS (pinnedRequest)', () => {
  it('trusts the file once the variable is handed over, and only then', async () => {
    const request = () => pinnedRequest({ url: new URL(`${server.url}/v1/models`), addresses: [{ address: '127.0.0.1', family: 4 }], method: 'GET', headers: {}, signal: new AbortController().signal });
    // This process started with the machine's NODE_EXTRA_CA_CERTS (or none): not the test's CA.
    await expect(request()).rejects.toThrow(/certificate|self.signed/i);
    const env: NodeJS.ProcessEnv = { AOSH_NODE_EXTRA_CA_CERTS: caFile };
    adoptExtraCaCerts(env, () => {});
    expect(env).toEqual({ NODE_EXTRA_CA_CERTS: caFile });
    const res = await request();
    res.resume();
    expect(res.statusCode).toBe(200);
  });
});
