// Prometheus metrics for one kernel (GET /metrics on the dashboard, the `metrics` builtin),
// in the text exposition format through prom-client's Registry.
//
// Two kinds of source, so the kernel's hot paths pay nothing until metrics are asked for:
// - state the kernel keeps anyway (process table, LLM totals per agent and provider, budgets,
//   channel byte counters, scheduler queue) is read when the registry is collected, so it is
//   complete whenever metrics start;
// - things that only happen (stage starts and their latency, OOM kills, restarts, denials,
//   socket requests, queue waits) are observed from kernel events and the socket probe from
//   the moment metrics start, like any exporter's counters from its own start.
// prom-client is loaded on first use (it is not on the start-up path).
import type { Counter, Registry } from 'prom-client';
import type { Kernel } from '../kernel/kernel.js';
import type { ProcState } from '../kernel/process-table.js';
import type { BudgetStatus } from '../kernel/llm/budgets.js';
import { opName } from '../kernel/syscalls/opcodes.js';
import { VERSION } from '../version.js';

const STATES: ProcState[] = ['running', 'stopped', 'restarting', 'exited', 'killed', 'oom-killed', 'failed'];

export class KernelMetrics {
  private readonly offs: (() => void)[] = [];

  private constructor(
    readonly registry: Registry,
    private readonly kernel: Kernel,
  ) {}

  static async create(kernel: Kernel): Promise<KernelMetrics> {
    const [prom, llmLayer] = await Promise.all([import('prom-client'), import('../kernel/llm/index.js')]);
    // Budgets and LLM totals are read from the kernel's LLM service: made now, so budgets from
    // config.json and the environment show before the first call.
    try {
      llmLayer.llmFor(kernel);
    } catch {
      // a broken config.json: think says why; the LLM families stay empty here
    }
    const registry = new prom.Registry();
    const m = new KernelMetrics(registry, kernel);
    const reg = [registry];
    const llm = (): Kernel['llm'] => kernel.llm;

    new prom.Gauge({
      name: 'aosh_info',
      help: 'aosh session: always 1, labelled with the version and the isolation stages get.',
      labelNames: ['version', 'isolation'],
      registers: reg,
      collect() {
        this.reset();
        let iso = 'unknown';
        try {
          iso = kernel.isolationStatus().isolation;
        } catch {
          // unknown
        }
        this.set({ version: VERSION, isolation: iso }, 1);
      },
    });
    new prom.Gauge({
      name: 'aosh_processes',
      help: 'Processes and tasks in the process table, by state.',
      labelNames: ['state'],
      registers: reg,
      collect() {
        const n = new Map<string, number>(STATES.map((s) => [s, 0]));
        for (const e of kernel.procs.list(true)) n.set(e.state, (n.get(e.state) ?? 0) + 1);
        for (const [state, v] of n) this.set({ state }, v);
      },
    });
    const starts = new prom.Counter({ name: 'aosh_stage_starts_total', help: 'Stages started (kind: process or task), since metrics started.', labelNames: ['kind'], registers: reg });
    const startLatency = new prom.Histogram({
      name: 'aosh_stage_start_seconds',
      help: 'Time kernel.spawn took to start a process stage (sandbox, cgroup, exec).',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: reg,
    });
    const oom = new prom.Counter({ name: 'aosh_oom_kills_total', help: 'Stages killed by their cgroup memory limit.', registers: reg });
    const restarts = new prom.Counter({ name: 'aosh_restarts_total', help: 'Supervised agents restarted, by agent.', labelNames: ['agent'], registers: reg });
    const failures = new prom.Counter({ name: 'aosh_agent_failures_total', help: 'Supervised agents given up on after their last restart, by agent.', labelNames: ['agent'], registers: reg });
    const denials = new prom.Counter({ name: 'aosh_denials_total', help: 'Refused actions by kind: the permission rule of a syscall, or agent:TOOL for the agent loop.', labelNames: ['kind'], registers: reg });
    for (const kind of ['process', 'task']) starts.inc({ kind }, 0);
    oom.inc(0);

    counterFrom(prom, reg, 'aosh_llm_requests_total', 'LLM calls by agent, provider and outcome (ok or error).', ['agent', 'provider', 'outcome'], (add) => {
      for (const u of llm()?.usage.values() ?? [])
        for (const [provider, t] of Object.entries(u.byProvider)) {
          add({ agent: u.agent, provider, outcome: 'ok' }, t.requests - t.errors);
          add({ agent: u.agent, provider, outcome: 'error' }, t.errors);
        }
    });
    counterFrom(prom, reg, 'aosh_llm_tokens_total', 'LLM tokens by agent, provider and direction (input or output).', ['agent', 'provider', 'direction'], (add) => {
      for (const u of llm()?.usage.values() ?? [])
        for (const [provider, t] of Object.entries(u.byProvider)) {
          add({ agent: u.agent, provider, direction: 'input' }, t.inputTokens);
          add({ agent: u.agent, provider, direction: 'output' }, t.outputTokens);
        }
    });
    counterFrom(prom, reg, 'aosh_llm_cost_usd_total', 'LLM cost in US dollars by agent and provider.', ['agent', 'provider'], (add) => {
      for (const u of llm()?.usage.values() ?? []) for (const [provider, t] of Object.entries(u.byProvider)) add({ agent: u.agent, provider }, t.usd);
    });
    new prom.Gauge({
      name: 'aosh_llm_queue_depth',
      help: 'LLM calls waiting in the fair scheduler.',
      registers: reg,
      collect() {
        this.set(llm()?.scheduler.queued() ?? 0);
      },
    });
    new prom.Gauge({
      name: 'aosh_llm_in_flight',
      help: 'LLM calls dispatched and not finished.',
      registers: reg,
      collect() {
        this.set(llm()?.scheduler.inFlight ?? 0);
      },
    });
    const wait = new prom.Histogram({ name: 'aosh_llm_queue_wait_seconds', help: 'Time LLM calls waited in the scheduler before dispatch.', buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60], registers: reg });
    const callTime = new prom.Histogram({ name: 'aosh_llm_request_seconds', help: 'Whole LLM calls (queue, retries, answer), by provider.', labelNames: ['provider'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers: reg });
    const budget = (name: string, help: string, pick: (b: BudgetStatus) => number | undefined): void => {
      new prom.Gauge({
        name,
        help,
        labelNames: ['budget'],
        registers: reg,
        collect() {
          this.reset();
          for (const b of allBudgets(kernel)) {
            const v = pick(b);
            if (v !== undefined) this.set({ budget: b.budget }, v);
          }
        },
      });
    };
    budget('aosh_llm_budget_remaining_tokens', 'Tokens an LLM budget can still pay for (limit - used - reserved).', (b) => (b.limitTokens === undefined ? undefined : Math.max(0, b.limitTokens - b.usedTokens - b.reservedTokens)));
    budget('aosh_llm_budget_remaining_usd', 'US dollars an LLM budget can still pay for (limit - used - reserved).', (b) => (b.limitUsd === undefined ? undefined : Math.max(0, b.limitUsd - b.usedUsd - b.reservedUsd)));
    counterFrom(prom, reg, 'aosh_channel_bytes_total', 'Bytes moved by channels: pipe (all pipeline channels) and each named channel, by direction.', ['kind', 'channel', 'direction'], (add) => {
      add({ kind: 'pipe', channel: '*', direction: 'in' }, kernel.pipeBytesTotal());
      for (const ch of kernel.named.list()) {
        add({ kind: 'named', channel: ch.name, direction: 'in' }, ch.bytesIn);
        add({ kind: 'named', channel: ch.name, direction: 'out' }, ch.bytesOut);
      }
    });
    new prom.Gauge({
      name: 'aosh_channels_open',
      help: 'Open channels by kind.',
      labelNames: ['kind'],
      registers: reg,
      collect() {
        this.set({ kind: 'pipe' }, kernel.pipeChannels().length);
        this.set({ kind: 'named' }, kernel.named.list().length);
      },
    });
    new prom.Gauge({
      name: 'aosh_approvals_pending',
      help: 'Approval requests waiting for an answer.',
      registers: reg,
      collect() {
        this.set(kernel.approvals.pending().length);
      },
    });
    const sockReq = new prom.Counter({ name: 'aosh_socket_requests_total', help: 'AGNT socket requests answered, by opcode.', labelNames: ['opcode'], registers: reg });
    const sockLat = new prom.Histogram({
      name: 'aosh_socket_request_seconds',
      help: 'AGNT socket request latency (dispatch to reply), by opcode.',
      labelNames: ['opcode'],
      buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.01, 0.1, 1, 10],
      registers: reg,
    });

    const ev = kernel.events;
    m.offs.push(
      ev.on('spawned', (e) => {
        starts.inc({ kind: e.data.kind });
        if (e.data.startSeconds !== undefined) startLatency.observe(e.data.startSeconds);
      }),
      ev.on('oom-killed', () => oom.inc()),
      ev.on('restarted', (e) => restarts.inc({ agent: e.data.name })),
      ev.on('failed', (e) => failures.inc({ agent: e.data.name })),
      ev.on('denied', (e) => denials.inc({ kind: e.data.rule })),
      ev.on('llm', (e) => {
        wait.observe(e.data.waitSeconds);
        callTime.observe({ provider: e.data.provider }, e.data.seconds);
      }),
    );
    // The agent loop's refusals reach the journal, not the bus.
    void kernel.journal().then((j) => {
      if (!j || m.closed) return;
      m.offs.push(j.observe((r) => {
        if (r.type === 'agent.denied') denials.inc({ kind: `agent:${typeof r.tool === 'string' ? r.tool : 'unknown'}` });
      }));
    });
    const probe = (op: number, seconds: number): void => {
      const opcode = opName(op);
      sockReq.inc({ opcode });
      sockLat.observe({ opcode }, seconds);
    };
    ev.probes.socketRequest = probe;
    m.offs.push(() => {
      if (ev.probes.socketRequest === probe) ev.probes.socketRequest = null;
    });
    return m;
  }

  private closed = false;

  /** The exposition text. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  close(): void {
    this.closed = true;
    for (const off of this.offs.splice(0)) off();
    metricsByKernel.delete(this.kernel);
  }
}

/** A counter whose value is the kernel's own running total, read at collect time. */
function counterFrom(
  prom: typeof import('prom-client'),
  registers: Registry[],
  name: string,
  help: string,
  labelNames: string[],
  fill: (add: (labels: Record<string, string>, value: number) => void) => void,
): Counter<string> {
  return new prom.Counter({
    name,
    help,
    labelNames,
    registers,
    collect() {
      this.reset();
      fill((labels, value) => this.inc(labels, Math.max(0, value)));
    },
  });
}

/** Every budget that applies to someone in this session, once each. */
export function allBudgets(kernel: Kernel): BudgetStatus[] {
  const svc = kernel.llm;
  if (!svc) return [];
  const who = new Set<string>(['shell', ...svc.usage.keys()]);
  for (const s of svc.budgets.specs) if (s.scope === 'agent' && s.agent && s.agent !== '*') who.add(s.agent);
  const out = new Map<string, BudgetStatus>();
  for (const agent of who) {
    try {
      for (const b of svc.budgets.status(agent)) if (!out.has(b.budget)) out.set(b.budget, b);
    } catch {
      // the ledger file is busy or unreadable: skip this scrape's value
    }
  }
  return [...out.values()];
}

const metricsByKernel = new WeakMap<Kernel, Promise<KernelMetrics>>();

/** The metrics of a kernel, started on first use and kept for the session. */
export function metricsFor(kernel: Kernel): Promise<KernelMetrics> {
  let m = metricsByKernel.get(kernel);
  if (!m) {
    m = KernelMetrics.create(kernel);
    metricsByKernel.set(kernel, m);
  }
  return m;
}

