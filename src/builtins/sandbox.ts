// `sandbox`: what the session's world is, so a user can see the policy before trusting it:
// isolation, namespaces, network, what is readable, writable and hidden, which programs may
// run, the environment stages get, the limits. Builds the world if it does not exist yet.
import { filterEnv } from '../kernel/world/secrets.js';
import { describePermissions } from '../kernel/permissions.js';
import { achievedIsolation } from '../kernel/sandbox.js';
import { fail, type Builtin } from './types.js';

export const sandboxBuiltin: Builtin = {
  name: 'sandbox',
  synopsis: 'sandbox [--json]',
  description:
    'Describe the sandbox ("world") every command of this session runs in: isolation level, namespaces, network, what is readable, writable and hidden, which programs may run, which environment variables are removed, and the limits. It is built once from the permission flags and the start directory, and does not change with cd. Also `aosh sandbox [FLAGS]` from a shell.',
  flags: [{ flag: '--json', description: 'one JSON object instead of the table' }],
  examples: [{ command: 'sandbox --json | grep -c writable', description: 'the report as JSON', output: '1\n' }],
  async run(ctx) {
    const json = ctx.args.includes('--json');
    const extra = ctx.args.filter((a) => a !== '--json');
    if (extra.length) return fail(ctx, `unexpected argument: ${extra[0]} (usage: sandbox [--json])`, 2);
    const k = ctx.kernel;
    if (!k.sandboxed) {
      const r = { isolation: 'none', reason: '--no-sandbox: commands run on the host, with aosh\'s own privileges' };
      await ctx.stdout.write(json ? JSON.stringify(r) + '\n' : `isolation    none (${r.reason})\n`);
      return 0;
    }
    let world;
    try {
      world = k.worlds.session();
    } catch (err) {
      return fail(ctx, `sandbox: ${(err as Error).message}`, 126);
    }
    const p = world.policy;
    const env = ctx.shell.environment();
    const kept = filterEnv(env, k.permissions);
    const removed = Object.keys(env).filter((n) => !(n in kept)).sort();
    const root = process.getuid?.() === 0;
    const limited = k.stageLimits();
    const report = {
      isolation: achievedIsolation(Object.keys(limited).length > 0),
      namespaces: ['pid (one per command)', 'mount', 'uts', 'ipc', ...(p.net === 'host' ? [] : ['net']), ...(root ? [] : ['user'])],
      network: p.net,
      readable: p.readRoots === 'all' ? 'everything but the hidden paths' : p.readRoots,
      writable: [...p.writable, p.tmp === 'private' ? '/tmp (private to this session)' : '/tmp (the host\'s)'],
      hidden: p.hidden,
      programs: (world.execAllow ? { only: world.execAllow } : Array.isArray(k.permissions.deny.run) ? { denied: k.permissions.deny.run } : 'any') as 'any' | { only: string[] } | { denied: string[] },
      envRemoved: removed,
      limits: limited,
      landlock: world.landlock,
      permissions: describePermissions(k.permissions),
      notes: p.notes,
    };
    if (json) {
      await ctx.stdout.write(JSON.stringify(report) + '\n');
      return 0;
    }
    const net =
      p.net === 'host'
        ? 'host (--allow-net: the host\'s network and its Unix sockets)'
        : p.net === 'proxy'
          ? `only through aosh's proxy, to ${(k.permissions.allow.net as string[]).join(', ')}`
          : 'none (no route out; host Unix sockets refused; allow with --allow-net or --allow-net=HOST)';
    const lines = [
      ['isolation', `${report.isolation} (${report.namespaces.join(', ')} namespaces; no capabilities; seccomp; Landlock ABI ${world.landlock})`],
      ['network', net],
      ['readable', typeof report.readable === 'string' ? report.readable : report.readable.join(', ')],
      ['writable', report.writable.join(', ')],
      ['hidden', report.hidden.length ? report.hidden.join('\n             ') : '(none)'],
      ['programs', programsLine(report.programs)],
      ['env removed', removed.length ? removed.join(' ') : '(none)'],
      ['limits', Object.entries(limited).map(([n, v]) => `${n} ${v}`).join(', ') || 'none'],
      ['flags', report.permissions.join(' ') || '(defaults)'],
      ...p.notes.map((n) => ['note', n]),
    ];
    await ctx.stdout.write(lines.map(([a, b]) => `${a!.padEnd(12)} ${b}`).join('\n') + '\n');
    return 0;
  },
};

function programsLine(p: 'any' | { only: string[] } | { denied: string[] }): string {
  if (p === 'any') return 'any';
  return 'only' in p ? `only ${p.only.join(', ')}` : `all but ${p.denied.join(', ')}`;
}
