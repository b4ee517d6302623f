// The dashboard's live side: samples the kernel once a second (cgroup usage, LLM totals,
// channel counters) into the charts' series, and pushes the state to every connected page —
// at once (coalesced over PUSH_MS) when something happens, and with each sample. One JSON
// text per push, shared by every page. Pages that do not keep up are skipped, not buffered.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Kernel } from '../kernel/kernel.js';
import type { JournalRecord } from '../kernel/journal.js';
import { isLive, refreshUsage, type ProcEntry } from '../kernel/process-table.js';
import type { BudgetStatus } from '../kernel/llm/budgets.js';
import { permissionsText, limitsText } from '../kernel/aosfs/render.js';
import { VERSION } from '../version.js';
import { ActionError, perform, type ActionContext } from './actions.js';
import type { AuditLine, ChannelView, ClientMsg, ProcView, Sample, ServerMsg, SessionInfo, StateMsg } from './protocol.js';
import { AgentTail } from './tail.js';
import { allBudgets } from './metrics.js';

const TICK_MS = 1000;
const PUSH_MS = 100;
const TAIL_MS = 250;
/** 10 minutes of the session's totals, 5 of each process's. */
const SERIES_POINTS = 600;
const PROC_POINTS = 300;
/** Ended entries stay on the page this long (and at most ENDED_MAX of them). */
const ENDED_KEEP_MS = 10 * 60_000;
const ENDED_MAX = 200;
const AUDIT_KEEP = 200;
/** A page with this much unsent data misses pushes until it catches up. */
const SLOW_CLIENT_BYTES = 4 * 1024 * 1024;

export interface HubClient {
  send(text: string): void;
  /** Bytes queued and not yet sent. */
  buffered(): number;
}

interface ClientState {
  io: HubClient;
  watch: { id: number; tail: AgentTail } | null;
  /** The last audit record this page has (hello sends the backlog; pushes only what is newer). */
  auditSeq: number;
}

export class Hub {
  readonly session: SessionInfo;
  private readonly clients = new Set<ClientState>();
  private readonly series: Sample[] = [];
  private readonly procSeries = new Map<number, { t: number; cpu: number | null; memory: number | null }[]>();
  private readonly lastCpu = new Map<number, { at: number; cpu: number }>();
  private readonly cpuNow = new Map<number, number>();
  private readonly lastBytes = new Map<string, { at: number; bytes: number }>();
  private readonly rates = new Map<string, number>();
  private readonly audit: AuditLine[] = [];
  private pendingAudit: AuditLine[] = [];
  private lastSample: Sample | null = null;
  private pushTimer: NodeJS.Timeout | null = null;
  private readonly tick: NodeJS.Timeout;
  private tailTimer: NodeJS.Timeout | null = null;
  private readonly offs: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly kernel: Kernel,
    private readonly actions: ActionContext,
  ) {
    let iso = { sandbox: 'unknown', isolation: 'unknown', cgroups: 'unknown' };
    try {
      iso = kernel.isolationStatus();
    } catch {
      // shown as unknown
    }
    let aosfs: string | null = null;
    try {
      aosfs = kernel.aosfs.dir;
    } catch {
      // no runtime directory: the page has no files to follow
    }
    this.session = {
      id: `${process.pid}-${Date.now().toString(36)}`,
      pid: process.pid,
      version: VERSION,
      cwd: actions.cwd(),
      startedAt: Date.now() - Math.round(process.uptime() * 1000),
      sandbox: iso.sandbox,
      isolation: iso.isolation,
      cgroups: iso.cgroups,
      aosfs,
    };
    this.offs.push(kernel.events.onAny(() => this.dirty()));
    this.offs.push(kernel.approvals.subscribe(() => this.dirty()));
    this.offs.push(kernel.approvals.attach('dashboard'));
    void this.followJournal();
    this.sample();
    this.tick = setInterval(() => {
      this.sample();
      this.push(true);
    }, TICK_MS);
    this.tick.unref();
  }

  addClient(io: HubClient): (msg: string) => void {
    const backlog = this.audit.slice(-100);
    const c: ClientState = { io, watch: null, auditSeq: backlog.length ? backlog[backlog.length - 1]!.seq : 0 };
    this.clients.add(c);
    this.sendTo(c, { t: 'hello', session: this.session, series: this.series, audit: backlog });
    this.sendTo(c, this.state(this.lastSample));
    return (raw) => void this.onMessage(c, raw);
  }

  removeClient(io: HubClient): void {
    for (const c of this.clients) if (c.io === io) this.clients.delete(c);
    this.updateTailTimer();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.offs.splice(0)) off();
    clearInterval(this.tick);
    if (this.pushTimer) clearTimeout(this.pushTimer);
    if (this.tailTimer) clearInterval(this.tailTimer);
    this.clients.clear();
  }

  /** The state as the page gets it (also GET /api/state). */
  state(sample: Sample | null = null): StateMsg {
    const now = Date.now();
    const k = this.kernel;
    const usage = k.llm?.usage;
    const all = k.procs.list(true);
    const counts: Record<string, number> = { running: 0, stopped: 0, restarting: 0, exited: 0, killed: 0, 'oom-killed': 0, failed: 0 };
    for (const e of all) counts[e.state] = (counts[e.state] ?? 0) + 1;
    const ended = all.filter((e) => !isLive(e) && e.endedAt !== null && now - e.endedAt < ENDED_KEEP_MS).slice(-ENDED_MAX);
    const procs = [...all.filter(isLive), ...ended].sort((a, b) => a.id - b.id).map((e) => this.view(e, usage?.get(e.name)));
    return {
      t: 'state',
      now,
      procs,
      counts,
      channels: this.channels(),
      approvals: k.approvals.pending().map((p) => ({ id: p.id, kind: p.kind, requester: p.requester, title: p.title, detail: p.detail, sessionScope: p.sessionScope, askedAt: p.askedAt })),
      llm: {
        agents: [...(usage?.values() ?? [])].map((u) => ({ agent: u.agent, requests: u.requests, errors: u.errors, inputTokens: u.inputTokens, outputTokens: u.outputTokens, usd: u.usd, providers: Object.keys(u.byProvider) })),
        budgets: allBudgets(k),
        queued: k.llm?.scheduler.queued() ?? 0,
        inFlight: k.llm?.scheduler.inFlight ?? 0,
      },
      sample,
    };
  }

  private view(e: ProcEntry, u: { inputTokens: number; outputTokens: number; usd: number; requests: number } | undefined): ProcView {
    const us = e.usage;
    return {
      id: e.id,
      name: e.name,
      kind: e.kind,
      agent: !!e.agent,
      pid: e.pid,
      state: e.state,
      status: e.status,
      exitCode: e.exitCode,
      signal: e.signal,
      command: e.command.length > 500 ? e.command.slice(0, 500) + '…' : e.command,
      startedAt: e.startedAt,
      endedAt: e.endedAt,
      job: e.job,
      parent: e.parent,
      isolation: e.isolation,
      limits: e.limits,
      restarts: e.restarts,
      cpu: isLive(e) ? (this.cpuNow.get(e.id) ?? null) : null,
      cpuSeconds: us?.cpuSeconds ?? null,
      memory: us?.memoryBytes ?? null,
      memoryPeak: us?.memoryPeakBytes ?? null,
      pids: us?.pids ?? null,
      tokens: u ? u.inputTokens + u.outputTokens : 0,
      usd: u?.usd ?? 0,
      llmRequests: u?.requests ?? 0,
    };
  }

  private channels(): ChannelView[] {
    const out: ChannelView[] = [];
    for (const ch of this.kernel.pipeChannels()) {
      const i = ch.info();
      out.push({ name: i.name, kind: 'pipe', from: i.writer || '-', to: i.reader || '-', bytes: i.bytes, bytesOut: i.bytes, rate: this.rates.get(`p:${i.name}`) ?? null, state: i.state });
    }
    for (const ch of this.kernel.named.list()) {
      const i = ch.info();
      out.push({ name: i.name, kind: 'named', from: `${i.writers} writer${i.writers === 1 ? '' : 's'}`, to: `${i.readers} reader${i.readers === 1 ? '' : 's'}`, bytes: i.bytes_in, bytesOut: i.bytes_out, rate: this.rates.get(`n:${i.name}`) ?? null, state: 'open' });
    }
    return out;
  }

  /** One sample: cgroup usage of every live stage, the session's totals, channel rates. */
  private sample(): void {
    const now = Date.now();
    let cpu = 0;
    let memory = 0;
    let running = 0;
    const live = new Set<number>();
    for (const e of this.kernel.procs.list()) {
      live.add(e.id);
      if (e.state === 'running') running++;
      const u = refreshUsage(e);
      let pct: number | null = null;
      if (u?.cpuSeconds != null) {
        const prev = this.lastCpu.get(e.id);
        if (prev && now > prev.at) pct = Math.max(0, ((u.cpuSeconds - prev.cpu) / ((now - prev.at) / 1000)) * 100);
        this.lastCpu.set(e.id, { at: now, cpu: u.cpuSeconds });
      }
      if (pct !== null) {
        this.cpuNow.set(e.id, pct);
        cpu += pct;
      }
      if (u?.memoryBytes != null) memory += u.memoryBytes;
      let s = this.procSeries.get(e.id);
      if (!s) this.procSeries.set(e.id, (s = []));
      s.push({ t: now, cpu: pct, memory: u?.memoryBytes ?? null });
      if (s.length > PROC_POINTS) s.shift();
    }
    for (const id of [...this.lastCpu.keys()]) {
      if (live.has(id)) continue;
      this.lastCpu.delete(id);
      this.cpuNow.delete(id);
    }
    for (const id of [...this.procSeries.keys()]) if (!live.has(id) && !this.kernel.procs.get(id)) this.procSeries.delete(id);
    const rateOf = (key: string, bytes: number): void => {
      const prev = this.lastBytes.get(key);
      if (prev && now > prev.at) this.rates.set(key, Math.max(0, (bytes - prev.bytes) / ((now - prev.at) / 1000)));
      this.lastBytes.set(key, { at: now, bytes });
    };
    for (const ch of this.kernel.pipeChannels()) rateOf(`p:${ch.name}`, ch.bytes);
    for (const ch of this.kernel.named.list()) rateOf(`n:${ch.name}`, ch.bytesIn);
    let tokens = 0;
    let usd = 0;
    for (const u of this.kernel.llm?.usage.values() ?? []) {
      tokens += u.inputTokens + u.outputTokens;
      usd += u.usd;
    }
    const sample: Sample = { t: now, cpu, memory, tokens, usd, running };
    this.series.push(sample);
    if (this.series.length > SERIES_POINTS) this.series.shift();
    this.lastSample = sample;
  }

  private dirty(): void {
    if (this.pushTimer || this.closed || this.clients.size === 0) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      this.push(false);
    }, PUSH_MS);
    this.pushTimer.unref();
  }

  private push(withSample: boolean): void {
    if (this.closed) return;
    const audit = this.pendingAudit;
    this.pendingAudit = [];
    if (this.clients.size === 0) return;
    if (audit.length) {
      const lastSeq = audit[audit.length - 1]!.seq;
      for (const c of this.clients) {
        const lines = c.auditSeq ? audit.filter((l) => l.seq > c.auditSeq) : audit;
        if (lines.length) c.io.send(JSON.stringify({ t: 'audit', lines } satisfies ServerMsg));
        c.auditSeq = lastSeq;
      }
    }
    const text = JSON.stringify(this.state(withSample ? this.lastSample : null));
    for (const c of this.clients) if (c.io.buffered() < SLOW_CLIENT_BYTES) c.io.send(text);
  }

  private sendTo(c: ClientState, msg: ServerMsg): void {
    c.io.send(JSON.stringify(msg));
  }

  private async onMessage(c: ClientState, raw: string): Promise<void> {
    let msg: ClientMsg;
    try {
      msg = JSON.parse(raw) as ClientMsg;
      if (!msg || typeof msg !== 'object' || typeof msg.t !== 'string') throw new Error('not a message');
    } catch {
      return this.sendTo(c, { t: 'reply', req: 0, ok: false, error: 'bad message: expected a JSON object with "t"' });
    }
    const req = typeof msg.req === 'number' ? msg.req : 0;
    if (msg.t === 'watch') {
      this.watch(c, msg.id);
      return this.sendTo(c, { t: 'reply', req, ok: true });
    }
    try {
      const result = await perform(this.actions, msg);
      this.sendTo(c, { t: 'reply', req, ok: true, result });
      this.dirty();
    } catch (err) {
      const error = err instanceof ActionError ? err.message : `internal error: ${(err as Error).message}`;
      this.sendTo(c, { t: 'reply', req, ok: false, error });
    }
  }

  /** The agent page: initial files, series, limits and permissions, then appends. */
  private watch(c: ClientState, id: number | null): void {
    c.watch = null;
    const e = id === null ? undefined : this.kernel.procs.get(Number(id));
    if (e) {
      let dir: string | null = null;
      if (e.agent) {
        try {
          dir = this.kernel.aosfs.agentDir(e.name);
        } catch {
          dir = null;
        }
      }
      const tail = new AgentTail(dir);
      c.watch = { id: e.id, tail };
      const files = tail.initial();
      let budgets: BudgetStatus[] = [];
      try {
        budgets = this.kernel.llm?.budgets.status(e.name) ?? [];
      } catch {
        // ledger busy: none shown
      }
      this.sendTo(c, {
        t: 'agent',
        id: e.id,
        series: this.procSeries.get(e.id) ?? [],
        files,
        permissions: permissionsText(e.permissions ?? this.kernel.permissions),
        limits: limitsText(e.limits, budgets),
        captured: files.stdout !== undefined,
      });
    }
    this.updateTailTimer();
  }

  private updateTailTimer(): void {
    const any = [...this.clients].some((c) => c.watch);
    if (any && !this.tailTimer) {
      this.tailTimer = setInterval(() => this.pollTails(), TAIL_MS);
      this.tailTimer.unref();
    } else if (!any && this.tailTimer) {
      clearInterval(this.tailTimer);
      this.tailTimer = null;
    }
  }

  private pollTails(): void {
    for (const c of this.clients) {
      if (!c.watch) continue;
      for (const ch of c.watch.tail.poll()) this.sendTo(c, { t: 'append', id: c.watch.id, file: ch.file, data: ch.data, reset: ch.reset });
    }
  }

  private async followJournal(): Promise<void> {
    const j = await this.kernel.journal();
    if (!j || this.closed) return;
    // This session's records only: the journal's file also holds earlier sessions' chains.
    for (const r of readJournalTail(j.file, 100)) if (r.session === j.session) this.audit.push(auditLine(r));
    this.offs.push(
      j.observe((r) => {
        const line = auditLine(r);
        this.audit.push(line);
        if (this.audit.length > AUDIT_KEEP) this.audit.shift();
        this.pendingAudit.push(line);
        this.dirty();
      }),
    );
  }
}

const SKIP = new Set(['seq', 'ts', 'session', 'type', 'prev', 'hash']);

export function auditLine(r: JournalRecord): AuditLine {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(r)) {
    if (SKIP.has(k) || v === null || v === undefined) continue;
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    parts.push(`${k}=${s.length > 160 ? s.slice(0, 160) + '…' : s}`);
  }
  return { seq: r.seq, ts: r.ts, type: r.type, text: parts.join(' ') };
}

/** The last n records of a journal file (its final 256 KiB at most). */
function readJournalTail(file: string, n: number): JournalRecord[] {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = fstatSync(fd).size;
    const len = Math.min(size, 256 * 1024);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, size - len);
    const lines = buf.toString('utf8').split('\n');
    if (size > len) lines.shift();
    const out: JournalRecord[] = [];
    for (const l of lines.slice(-n - 1)) {
      if (!l.trim()) continue;
      try {
        out.push(JSON.parse(l) as JournalRecord);
      } catch {
        // torn
      }
    }
    return out.slice(-n);
  } finally {
    closeSync(fd);
  }
}
