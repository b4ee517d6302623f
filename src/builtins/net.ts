// `net`: the network of the session's worlds under --allow-net=HOST,…. `net ls` shows each
// world's filtering proxy (its list, connections, bytes in/out, refusals), the way `pipe ls`
// shows channels; `net check` says what the proxy would decide for a host, without
// connecting (--resolve also resolves it, as the proxy would, and judges the addresses).
import type { Grant } from '../kernel/permissions.js';
import { applyPermissionFlag, clonePermissions, type PermissionSet } from '../kernel/permissions.js';
import type { NetReport } from '../kernel/net/world-net.js';
import { bytes, formatTable } from './ps.js';
import { fail, type Builtin, type BuiltinContext } from './types.js';

const USAGE = 'usage: net ls [-l] [--json] | net check [--allow-net=LIST] [--deny-net=LIST] [--resolve] HOST[:PORT]|URL...';

export const netBuiltin: Builtin = {
  name: 'net',
  synopsis: 'net ls [-l] [--json] | net check [--allow-net=LIST] [--deny-net=LIST] [--resolve] HOST[:PORT]|URL...',
  description:
    'The network of this session under --allow-net=HOST,…: every world with a list (the session\'s, each agent\'s) reaches the outside only through aosh\'s filtering proxy. "net ls" lists those proxies: the world, the proxy its stages use ($HTTPS_PROXY), the allow list now, connections made and open, bytes in (received by the world) and out, and refusals; -l adds the open connections and the latest refusals, --json all of it. "net check" says what the proxy would decide for each HOST[:PORT] or URL (port 443 when none is given) under the session\'s list, or under --allow-net=LIST/--deny-net=LIST instead; with --resolve it resolves names as the proxy does and refuses private addresses for names not listed exactly. Exit status: 0 when every host is allowed, 1 when one is refused, 2 on a usage error.',
  flags: [
    { flag: '-l', description: 'ls: also the open connections and the latest refusals' },
    { flag: '--json', description: 'ls: one JSON object ({network, allow, worlds: [...]})' },
    { flag: '--allow-net=LIST', description: 'check: decide under this list instead of the session\'s' },
    { flag: '--deny-net=LIST', description: 'check: and refuse these' },
    { flag: '--resolve', description: 'check: resolve names and judge their addresses too' },
  ],
  examples: [
    { command: "net check --allow-net='*.github.com' api.github.com", description: 'a glob admits the names below it', output: 'allowed  api.github.com:443  --allow-net=*.github.com (private addresses refused)\n' },
    {
      command: 'net check --allow-net=pypi.org http://10.0.0.1/',
      description: 'an IP literal passes only when listed as itself',
      output: 'refused  10.0.0.1:80  10.0.0.1 is an IP address, not on the list (allow with --allow-net=10.0.0.1)\n',
      status: 1,
    },
    { command: 'net ls --json', description: 'a session without --allow-net=HOST,… has no proxy', output: '{"network":"none","allow":[],"worlds":[]}\n' },
  ],
  async run(ctx) {
    const [sub, ...rest] = ctx.args;
    if (sub === 'ls') return list(ctx, rest);
    if (sub === 'check') return checkHosts(ctx, rest);
    return fail(ctx, sub === undefined ? `missing subcommand (${USAGE})` : `unknown subcommand: ${sub} (${USAGE})`, 2);
  },
};

function sessionNetwork(ctx: BuiltinContext): { network: string; allow: string[] } {
  const p = ctx.kernel.permissions;
  if (!ctx.kernel.sandboxed) return { network: 'host (--no-sandbox)', allow: [] };
  if (p.deny.net === true || p.allow.net === false) return { network: 'none', allow: [] };
  if (p.allow.net === true) return { network: 'host', allow: [] };
  return { network: 'proxy', allow: [...p.allow.net] };
}

async function list(ctx: BuiltinContext, args: string[]): Promise<number> {
  let json = false;
  let long = false;
  for (const a of args) {
    if (a === '--json') json = true;
    else if (a === '-l') long = true;
    else return fail(ctx, `ls: unexpected argument: ${a} (${USAGE})`, 2);
  }
  const reports: NetReport[] = ctx.kernel.worlds.netWorlds().map((w) => w.net!.report());
  if (json) {
    await ctx.stdout.write(JSON.stringify({ ...sessionNetwork(ctx), worlds: reports }) + '\n');
    return 0;
  }
  const rows = [['WORLD', 'PROXY', 'ALLOW', 'CONNS', 'OPEN', 'IN', 'OUT', 'DENIED']];
  for (const r of reports) rows.push([r.world, r.proxy, r.allow.join(',') || '(nothing)', String(r.connections), String(r.active), bytes(r.bytes_in), bytes(r.bytes_out), String(r.denied)]);
  let out = formatTable(rows);
  if (long) {
    const live = [['WORLD', 'HOST', 'ADDRESS', 'KIND', 'IN', 'OUT', 'SINCE']];
    for (const r of reports) for (const l of r.live) live.push([r.world, `${l.host}:${l.port}`, l.address, l.kind, bytes(l.bytes_in), bytes(l.bytes_out), l.since]);
    out += '\n' + formatTable(live);
    const denied = [['WORLD', 'AT', 'HOST', 'WHY']];
    for (const r of reports) for (const d of r.denials) denied.push([r.world, d.at, `${d.host}:${d.port}`, d.message]);
    out += '\n' + formatTable(denied);
  }
  await ctx.stdout.write(out);
  return 0;
}

async function checkHosts(ctx: BuiltinContext, args: string[]): Promise<number> {
  let resolve = false;
  let perms: PermissionSet | null = null;
  const targets: string[] = [];
  for (const a of args) {
    if (a === '--resolve') resolve = true;
    else if (/^--(allow|deny)-net(=|$)/.test(a)) {
      perms ??= withNet(ctx.kernel.permissions, false, false);
      if (a.startsWith('--allow-net') && !Array.isArray(perms.allow.net)) perms.allow.net = false;
      try {
        applyPermissionFlag(perms, a);
      } catch (err) {
        return fail(ctx, `check: ${(err as Error).message}`, 2);
      }
    } else if (a.startsWith('-') && a !== '-') return fail(ctx, `check: unknown option: ${a} (${USAGE})`, 2);
    else targets.push(a);
  }
  if (targets.length === 0) return fail(ctx, `check: which host? (${USAGE})`, 2);
  const use = perms ?? ctx.kernel.permissions;
  const [{ NetPolicy }, resolver] = await Promise.all([import('../kernel/net/policy.js'), resolve ? import('../kernel/net/resolve.js').then((m) => m.kernelResolver()) : Promise.resolve(null)]);
  const policy = new NetPolicy(use);
  let status = 0;
  for (const t of targets) {
    const target = parseTarget(t);
    if (!target) {
      await ctx.stderr.write(`net: check: not a host, HOST:PORT or URL: ${t}\n`);
      status = Math.max(status, 2);
      continue;
    }
    if (resolver) {
      const a = await policy.admit(target.host, target.port, resolver);
      if (a.ok) await ctx.stdout.write(`allowed  ${a.host}:${a.port}  ${a.rule}  -> ${a.addresses.map((x) => x.address).join(' ')}\n`);
      else if ('refusal' in a) {
        await ctx.stdout.write(`refused  ${a.refusal.host}:${a.refusal.port}  ${a.refusal.message}\n`);
        status = Math.max(status, 1);
      } else {
        await ctx.stdout.write(`unresolved  ${a.host}:${a.port}  ${a.unresolved.message}\n`);
        status = Math.max(status, 1);
      }
      continue;
    }
    const v = policy.decide(target.host, target.port);
    if (v.ok) await ctx.stdout.write(`allowed  ${v.host}:${v.port}  ${v.rule}${v.explicit ? '' : ' (private addresses refused)'}\n`);
    else {
      await ctx.stdout.write(`refused  ${v.refusal.host}:${v.refusal.port}  ${v.refusal.message}\n`);
      status = Math.max(status, 1);
    }
  }
  return status;
}

function withNet(p: PermissionSet, allow: Grant, deny: Grant): PermissionSet {
  const out = clonePermissions(p);
  out.allow.net = allow;
  out.deny.net = deny;
  return out;
}

/** HOST, HOST:PORT, [V6]:PORT or a URL; port 443 when none is given (80 for http: URLs). */
function parseTarget(t: string): { host: string; port: number } | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) {
    try {
      const u = new URL(t);
      const port = u.port ? Number(u.port) : u.protocol === 'http:' ? 80 : 443;
      return u.hostname ? { host: u.hostname, port } : null;
    } catch {
      return null;
    }
  }
  const m = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(t);
  if (!m) return null;
  const port = m[2] === undefined ? 443 : Number(m[2]);
  return port >= 1 && port <= 65535 ? { host: m[1]!, port } : null;
}
