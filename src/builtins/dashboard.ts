// dashboard: serves this session's kernel as a web page on 127.0.0.1 (src/web). The web
// layer, ws and prom-client are loaded with import() when dashboard first runs.
import { UsageError } from '../kernel/errors.js';
import { parseFlags, suggest } from './flags.js';
import { fail, type Builtin, type Subcommand } from './types.js';

const USAGE = 'dashboard [--port N] [--foreground] | dashboard url | dashboard stop';

function port(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 65535) throw new Error(`not a port number: ${v}`);
  return Number(v);
}

const SUBCOMMANDS: Subcommand[] = [
  { name: 'url', synopsis: 'dashboard url', description: 'Print the URL of the running dashboard (status 1 when there is none).' },
  { name: 'stop', synopsis: 'dashboard stop', description: 'Stop serving (status 1 when no dashboard runs).' },
];

export const dashboardBuiltin: Builtin = {
  name: 'dashboard',
  synopsis: USAGE,
  description:
    "Serve this session's kernel as a live web page on 127.0.0.1 and print its URL, which carries a random access token (requests without it, or from another page's Origin, are refused). " +
    'The page shows the process tree (pipelines grouped) with state, isolation, cpu, memory, pids, restarts, tokens, cost and exit status; channel byte counters; the audit tail; pending approvals with allow/deny; charts of cpu, memory and tokens over the last minutes; and a page per process with its output, log, limits and permissions. ' +
    'From the page you can spawn agents, kill them and STOP/CONT them. The same server answers GET /metrics (Prometheus text format). The token and port are kept in $AOSH_HOME/web.json so an open page reconnects when aosh restarts. ' +
    'Runs until the session ends, `dashboard stop`, or, with --foreground, until interrupted.',
  flags: [
    { flag: '--port N', description: 'listen on port N (default: the last port used when free, else a random free one; 0 for any)', parse: port },
    { flag: '-f, --foreground', description: 'keep serving until interrupted (Ctrl-C, kill; status 128+N); `aosh dashboard` runs this' },
  ],
  subcommands: SUBCOMMANDS,
  examples: [
    { command: "dashboard --port 0 | grep -c '^http://127.0.0.1:[0-9]*/?token=[A-Za-z0-9_-]*$'", description: 'start it and print the URL to open', output: '1\n' },
    { command: 'dashboard --port 0 >/dev/null; dashboard stop; dashboard url; echo $?', description: 'stop it again', output: '1\n' },
  ],
  async run(ctx) {
    const [first, ...rest] = ctx.args;
    if (first === 'url' || first === 'stop') {
      if (parseFlags(rest, []).rest.length) throw new UsageError(`${first}: too many arguments (usage: dashboard ${first})`);
      const web = await import('../web/index.js');
      const d = await web.dashboardOf(ctx.kernel)?.catch(() => undefined);
      if (!d) return fail(ctx, 'no dashboard is running in this session', 1);
      if (first === 'stop') await d.close();
      else await ctx.stdout.write(`${d.url}\n`);
      return 0;
    }
    const { opts, rest: extra } = parseFlags(ctx.args, dashboardBuiltin.flags);
    if (extra.length) throw new UsageError(`unexpected argument: ${extra[0]}${suggest(extra[0]!, ['url', 'stop'])} (usage: ${USAGE})`);
    const web = await import('../web/index.js');
    let d;
    try {
      d = await web.startDashboard(ctx.kernel, { port: opts.port as number | undefined, env: () => ctx.shell.environment(), cwd: () => ctx.shell.cwd });
    } catch (e) {
      return fail(ctx, (e as Error).message, 1);
    }
    await ctx.stdout.write(`${d.url}\n`);
    if (!opts.foreground) return 0;
    // Until interrupted: Ctrl-C or kill reach the builtin as an abort.
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) return resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await d.close();
    // Ended by a signal, as bash reports it: 128 + N (130 for Ctrl-C).
    return 128 + (typeof ctx.signal.reason === 'number' ? ctx.signal.reason : 2);
  },
};
