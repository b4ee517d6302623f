// NODE_EXTRA_CA_CERTS without its start-up cost.
//
// Node 20 reads and parses every certificate in $NODE_EXTRA_CA_CERTS while the process starts,
// before any JavaScript runs, whether or not the process ever opens a TLS connection. With a
// system bundle there (/etc/ssl/certs/ca-certificates.crt, ~140 certificates) that is 36 ms of
// CPU on this project's machines, half of `aosh -c true`. bin/aosh's sh line therefore hands
// the variable over as AOSH_NODE_EXTRA_CA_CERTS; adoptExtraCaCerts() puts it back under its
// own name, so every program aosh runs sees the environment it was given, and gives aosh's own
// TLS connections (LLM providers, MCP over HTTPS, metrics --url) what Node would have given
// them: the bundled root certificates plus the file's, read the first time a TLS context is
// made. A file that cannot be read gets Node's own warning, once, and the bundled roots.
//
// Even the tls module is loaded only then (5 ms of start-up otherwise): every TLS connection
// aosh makes goes through the global fetch (the SDKs, metrics --url) or the kernel's HTTP
// request (kernel/net/request.ts), and both wait for extraCaReady() first.
import { readFileSync } from 'node:fs';
import type * as Tls from 'node:tls';

/** The variable bin/aosh moves NODE_EXTRA_CA_CERTS to. */
export const HANDED_OVER = 'AOSH_NODE_EXTRA_CA_CERTS';

// Options that make a context differ from the default one; without any of them, every
// connection can share one context (as Node's default root store is shared).
const CONTEXT_OPTIONS = [
  'ca', 'cert', 'key', 'pfx', 'passphrase', 'ciphers', 'sigalgs', 'ecdhCurve', 'dhparam', 'crl',
  'honorCipherOrder', 'minVersion', 'maxVersion', 'secureProtocol', 'secureOptions', 'sessionIdContext',
  'ticketKeys', 'sessionTimeout', 'privateKeyEngine', 'privateKeyIdentifier', 'clientCertEngine', 'allowPartialTrustChain',
] as const;

const PEM = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;

/**
 * Takes NODE_EXTRA_CA_CERTS back from bin/aosh (see above) and adds its certificates to every
 * default TLS context this process makes. Does nothing when the launcher handed nothing over
 * (`node bin/aosh` directly: Node has loaded the file itself).
 */
export function adoptExtraCaCerts(env: NodeJS.ProcessEnv = process.env, warn = (m: string) => process.stderr.write(m)): void {
  const file = env[HANDED_OVER];
  if (file === undefined) return;
  delete env[HANDED_OVER];
  env.NODE_EXTRA_CA_CERTS = file;
  if (file === '') return;
  ensure = () => (installed ??= import('node:tls').then((m) => patch((m as { default?: typeof Tls }).default ?? m, file, warn)));
  const fetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    await ensure!();
    return fetch(input, init);
  };
}

let ensure: (() => Promise<void>) | undefined;
let installed: Promise<void> | undefined;

/** Resolves once a TLS connection made now gets the handed-over certificates (at once without any). */
export function extraCaReady(): Promise<void> {
  return ensure ? ensure() : Promise.resolve();
}

function patch(tls: typeof Tls, file: string, warn: (m: string) => void): void {
  const original = tls.createSecureContext;
  let extra: string[] | undefined;
  let shared: Tls.SecureContext | undefined;
  const load = (): string[] => {
    try {
      return readFileSync(file, 'latin1').match(PEM) ?? [];
    } catch (e) {
      warn(`Warning: Ignoring extra certs from \`${file}\`, load failed: ${(e as Error).message}\n`);
      return [];
    }
  };
  // _tls_wrap's connect() (used by https, fetch and every SDK) calls the module's
  // createSecureContext property, so this is where a default context is made.
  tls.createSecureContext = (options?: Tls.SecureContextOptions): Tls.SecureContext => {
    if (options?.ca !== undefined) return original(options); // an explicit ca replaces the defaults, as in Node
    extra ??= load();
    if (extra.length === 0) return original(options);
    const withCa = { ...options, ca: [...tls.rootCertificates, ...extra] };
    const plain = !options || CONTEXT_OPTIONS.every((k) => (options as Record<string, unknown>)[k] === undefined);
    if (plain) return (shared ??= original(withCa));
    return original(withCa);
  };
}
