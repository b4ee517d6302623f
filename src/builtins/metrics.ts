// metrics: this session's Prometheus metrics, printed once (the dashboard serves the same at
// GET /metrics). prom-client is loaded with import() when metrics first runs.
import { UsageError } from '../kernel/errors.js';
import { parseFlags } from './flags.js';
import { fail, type Builtin } from './types.js';

export const metricsBuiltin: Builtin = {
  name: 'metrics',
  synopsis: 'metrics [--url URL]',
  description:
    "Print this session's metrics once, in the Prometheus text exposition format: process counts by state, stage starts and start latency, OOM kills, restarts, denials by kind, LLM requests, tokens and USD by agent and provider, scheduler queue depth and wait time, budget remaining, channel bytes, and AGNT socket requests by opcode with their latency. " +
    'Totals the kernel keeps (processes, LLM use, budgets, channels) cover the whole session; event counters (starts, OOM kills, restarts, denials, socket requests) count from the first `metrics` or `dashboard` of the session. ' +
    'With --url, fetch them from a running dashboard instead (the URL it printed, token included).',
  flags: [{ flag: '--url URL', description: "another session's dashboard URL (with its ?token=...): print its /metrics" }],
  examples: [
    { command: "metrics | grep -c '^# TYPE aosh_processes gauge$'", description: 'the process gauge is there', output: '1\n' },
    { command: "metrics >/dev/null; sleep 0; m=$(metrics); grep '^aosh_stage_starts_total{kind=\"process\"}' <<<\"$m\"", description: 'stage starts count up from the first metrics call (here: the one sleep)', output: 'aosh_stage_starts_total{kind="process"} 1\n' },
  ],
  async run(ctx) {
    const { opts, rest } = parseFlags(ctx.args, metricsBuiltin.flags);
    if (rest.length) throw new UsageError(`unexpected argument: ${rest[0]} (usage: ${metricsBuiltin.synopsis})`);
    const url = opts.url as string | undefined;
    if (url) return fetchFrom(ctx, url);
    const { metricsFor } = await import('../web/metrics.js');
    const m = await metricsFor(ctx.kernel);
    await ctx.stdout.write(await m.text());
    return 0;
  },
};

async function fetchFrom(ctx: Parameters<Builtin['run']>[0], raw: string): Promise<number> {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return fail(ctx, `--url: not a URL: ${raw}`, 2);
  }
  // The dashboard listens on loopback only; anything else is not one of ours.
  if (u.protocol !== 'http:' || (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost')) return fail(ctx, `--url: expected a dashboard URL on http://127.0.0.1, got ${raw}`, 2);
  u.pathname = '/metrics';
  try {
    const res = await fetch(u, { signal: ctx.signal });
    const body = await res.text();
    if (!res.ok) return fail(ctx, `${u.host}: ${res.status} ${body.trim()}`, 1);
    await ctx.stdout.write(body);
    return 0;
  } catch (e) {
    return fail(ctx, `${u.host}: ${(e as Error).message}`, 1);
  }
}
