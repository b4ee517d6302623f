// The agents-as-files tree (seed 003, DESIGN.md "aosfs"): a read-only mirror of the kernel's
// state under the session's runtime directory, bound at /aos in every world.
//
// Plain files, not FUSE. The kernel writes them when its state changes (each file replaced
// atomically, temp + rename, so a reader never sees half a file), coalescing bursts into one
// flush every FLUSH_MS. Why not FUSE: a FUSE server is a second request loop inside aosh, and
// every `cat` or `grep -r` in every stage would wait for aosh's event loop (a busy or stopped
// aosh would hang them); mounting it needs /dev/fuse and a mount in each world, and inotify
// (`tail -f`) does not see changes a FUSE server makes. Plain files are served by the page
// cache at no cost to aosh, work with every tool, and cost the kernel a few writes per state
// change. The price: a file is up to FLUSH_MS behind, and values that change without an event
// (channel byte counters) are refreshed every SWEEP_MS only.
//
// Writing is by CLI ("filesystem for reading, CLI for writing"): the bind is read-only, and
// there is no inbox FIFO, since a FIFO in a read-only bind still accepts writes and would let
// every stage of every world drive every agent, which the permission model does not allow.
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { EventBus, KernelEvent } from '../events.js';
import type { Channel } from '../channels.js';
import type { BudgetStatus } from '../llm/budgets.js';
import { watchConversations } from '../llm/conv-watch.js';
import type { AgentLlmUsage } from '../llm/service.js';
import type { NamedChannels } from '../named-channels.js';
import type { PermissionSet } from '../permissions.js';
import { isLive, type ProcEntry, type ProcessTable } from '../process-table.js';
import { sessionDir } from '../syscalls/runtime-dir.js';
import { ConversationMirror } from './mirror.js';
import { README, agentStatus, budgetText, limitsText, permissionsText, procStatus, safeName, tokens, usd } from './render.js';

/** Bursts of events (200 agents spawned in a loop) become one flush. */
const FLUSH_MS = 50;
/** Channel byte counters and entries pruned from the process table are picked up this often. */
const SWEEP_MS = 2000;
/** How long after the tree starts it loads the LLM layer for system/budget. */
const LLM_LOAD_DELAY_MS = 250;
/** agents/<name>/log is cut to its last half when it grows past this. */
const LOG_LIMIT = 1024 * 1024;

/** The kernel as the tree sees it (narrow, so tests can drive it without namespaces). */
export interface AosfsKernel {
  readonly events: EventBus;
  readonly procs: ProcessTable;
  readonly named: NamedChannels;
  readonly permissions: PermissionSet;
  readonly home: string | undefined;
  readonly llm?: { usage: Map<string, AgentLlmUsage>; budgets: { status(agent?: string): BudgetStatus[] } };
  pipeChannels(): Channel[];
  isolationStatus(): { sandbox: string; reason: string | null; isolation: string; cgroups: string };
}

export class AgentsFs {
  /** The host directory (bound read-only at /aos in every world). */
  readonly dir: string;
  /** Resolves when the conversations that existed at start are mirrored. */
  readonly ready: Promise<void>;
  private readonly tmp: string;
  private readonly written = new Map<string, string>();
  private readonly made = new Set<string>();
  private readonly dirtyProcs = new Set<number>();
  private readonly dirtyAgents = new Set<string>();
  private readonly pendingLog = new Map<string, string[]>();
  private readonly logBytes = new Map<string, number>();
  /** Agent name -> the id of its newest process. */
  private readonly agentProc = new Map<string, number>();
  private readonly knownProcs = new Set<number>();
  private readonly knownChannels = new Set<string>();
  private systemDirty = true;
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly offs: (() => void)[] = [];
  private readonly mirror: ConversationMirror;
  private seq = 0;
  private closed = false;

  constructor(
    private readonly k: AosfsKernel,
    opts: { dir?: string; loadLlm?: () => Promise<unknown> } = {},
  ) {
    this.dir = opts.dir ?? sessionDir();
    this.tmp = join(this.dir, '.tmp');
    for (const d of ['.tmp', 'agents', 'procs', 'channels', 'system', 'conversations']) mkdirSync(join(this.dir, d), { recursive: true });
    this.put('README', README);
    const home = k.home ?? process.env.AOSH_HOME ?? join(homedir(), '.aosh');
    const convRoot = join(home, 'conversations');
    this.mirror = new ConversationMirror(convRoot, join(this.dir, 'conversations'), this.tmp);
    this.offs.push(watchConversations(convRoot, (_id, dir) => this.mirror.changed(dir)));
    this.offs.push(k.events.onAny((e) => this.onEvent(e)));
    for (const e of k.procs.list(true)) this.noteProc(e);
    for (const name of k.llm?.usage.keys() ?? []) this.dirtyAgents.add(name);
    this.flush();
    this.ready = this.mirror.syncAll().catch(() => undefined);
    // Budgets come from config.json and the environment, before any call: system/budget
    // shows them once the LLM layer is loaded, a moment later and off the stage's path (a
    // short script that never thinks is over before it would pay for that).
    if (!k.llm && opts.loadLlm) {
      const load = opts.loadLlm;
      setTimeout(() => {
        if (this.closed) return;
        void (this.k.llm ? Promise.resolve() : load()).then(
          () => {
            this.systemDirty = true;
            this.schedule();
          },
          () => undefined,
        );
      }, LLM_LOAD_DELAY_MS).unref();
    }
    this.sweepTimer = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweepTimer.unref();
    const dir = this.dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }

  /** Writes everything pending now (tests, and before a world is built from the tree). */
  flushNow(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.flush();
  }

  /** Stops following the kernel and removes the tree. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.offs) off();
    this.mirror.stop();
    clearInterval(this.sweepTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The host directory of agents/<name>/ (created), for output the kernel routes there. */
  agentDir(name: string): string {
    const rel = `agents/${safeName(name)}`;
    this.mkdir(rel);
    return join(this.dir, rel);
  }

  private onEvent(e: KernelEvent): void {
    if (this.closed) return;
    const d = e.data as { id?: number | null; name?: string | null };
    switch (e.type) {
      case 'spawned':
      case 'exited':
      case 'stopped':
      case 'continued':
      case 'restarted':
      case 'failed':
      case 'oom-killed': {
        const entry = typeof d.id === 'number' ? this.k.procs.get(d.id) : undefined;
        if (entry) this.noteProc(entry);
        if (entry?.agent || (d.name && this.agentProc.has(d.name))) this.log(entry?.name ?? d.name!, e.time, describe(e));
        break;
      }
      case 'llm': {
        const l = e.data as KernelEvent<'llm'>['data'];
        this.dirtyAgents.add(l.agent);
        this.systemDirty = true;
        this.log(l.agent, e.time, `think ${l.provider}/${l.model || '-'} tokens=${l.inputTokens}+${l.outputTokens} usd=${l.usd.toFixed(6)}${l.ok ? '' : ` error=${l.error}`}`);
        break;
      }
      case 'denied': {
        const x = e.data as KernelEvent<'denied'>['data'];
        if (x.name) this.log(x.name, e.time, `denied ${x.rule}: ${x.action}`);
        break;
      }
      default:
        return;
    }
    this.schedule();
  }

  private noteProc(e: ProcEntry): void {
    this.dirtyProcs.add(e.id);
    if (e.agent) {
      const cur = this.agentProc.get(e.name);
      if (cur === undefined || cur <= e.id) this.agentProc.set(e.name, e.id);
      this.dirtyAgents.add(e.name);
    }
  }

  private log(name: string, time: number, line: string): void {
    let q = this.pendingLog.get(name);
    if (!q) this.pendingLog.set(name, (q = []));
    q.push(`${new Date(time).toISOString()} ${line}\n`);
    this.dirtyAgents.add(name);
  }

  private schedule(): void {
    if (this.flushTimer || this.closed) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flush();
    }, FLUSH_MS);
    this.flushTimer.unref();
  }

  private flush(): void {
    if (this.closed) return;
    try {
      // Processes before agents, each file replaced whole and status last: when
      // agents/<name>/status shows a state, everything behind it is written.
      for (const id of this.dirtyProcs) {
        const e = this.k.procs.get(id);
        // A process that started and ended between two flushes is never written (a script's
        // many small commands would cost three files each, and removing them again); one
        // that was seen running gets its final state.
        if (e && (e.agent || isLive(e) || this.knownProcs.has(id))) this.writeProc(e);
      }
      this.dirtyProcs.clear();
      for (const name of this.dirtyAgents) this.writeAgent(name);
      this.dirtyAgents.clear();
      if (this.systemDirty) this.writeSystem();
      this.systemDirty = false;
    } catch (err) {
      // The tree is a view: a full disk or a removed directory must not hurt the session.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !this.closed) {
        this.made.clear();
        mkdirSync(this.tmp, { recursive: true });
      }
    }
  }

  private writeProc(e: ProcEntry): void {
    const rel = `procs/${e.id}`;
    this.mkdir(rel);
    this.knownProcs.add(e.id);
    this.put(`${rel}/cmdline`, `${e.command}\n`);
    this.put(`${rel}/cgroup`, e.cgroup ? `${e.cgroup}\n` : '');
    this.put(`${rel}/status`, procStatus(e));
  }

  private writeAgent(name: string): void {
    const rel = `agents/${safeName(name)}`;
    this.mkdir(rel);
    const id = this.agentProc.get(name);
    const entry = id === undefined ? undefined : this.k.procs.get(id);
    const u = this.k.llm?.usage.get(name);
    this.put(`${rel}/cost`, usd(u?.usd ?? 0));
    this.put(`${rel}/tokens`, tokens(u));
    this.put(`${rel}/output`, u?.lastAnswer ? (u.lastAnswer.endsWith('\n') ? u.lastAnswer : `${u.lastAnswer}\n`) : '');
    if (entry || !this.written.has(`${rel}/limits`)) this.put(`${rel}/limits`, limitsText(entry?.limits ?? {}, this.budgets(name)));
    if (entry || !this.written.has(`${rel}/permissions`)) this.put(`${rel}/permissions`, permissionsText(entry?.permissions ?? this.k.permissions));
    const lines = this.pendingLog.get(name);
    this.pendingLog.delete(name);
    this.appendLog(name, rel, lines);
    // status last: a reader that sees an agent's new state finds the rest of its files up to date.
    if (entry || id === undefined) this.put(`${rel}/status`, `${agentStatus(entry)}\n`);
  }

  private appendLog(name: string, rel: string, lines: string[] | undefined): void {
    const logFile = join(this.dir, rel, 'log');
    if (lines?.length) {
      const text = lines.join('');
      appendFileSync(logFile, text);
      const size = (this.logBytes.get(name) ?? 0) + Buffer.byteLength(text);
      this.logBytes.set(name, size);
      if (size > LOG_LIMIT) this.trimLog(name, logFile);
    } else if (!this.logBytes.has(name)) {
      appendFileSync(logFile, '');
      this.logBytes.set(name, 0);
    }
  }

  private trimLog(name: string, file: string): void {
    // Keep the newer half, whole lines, replaced atomically (tail -f readers reopen by name).
    const text = readTail(file, LOG_LIMIT / 2);
    const tmp = join(this.tmp, `l${++this.seq}`);
    writeFileSync(tmp, text);
    renameSync(tmp, file);
    this.logBytes.set(name, Buffer.byteLength(text));
  }

  private budgets(agent: string): BudgetStatus[] {
    try {
      return this.k.llm?.budgets.status(agent) ?? [];
    } catch {
      return [];
    }
  }

  private writeSystem(): void {
    this.put('system/budget', budgetText(this.budgets('shell').filter((b) => !b.budget.startsWith('agent'))));
    let iso: ReturnType<AosfsKernel['isolationStatus']>;
    try {
      iso = this.k.isolationStatus();
    } catch (err) {
      iso = { sandbox: 'unknown', reason: (err as Error).message, isolation: 'unknown', cgroups: 'unknown' };
    }
    this.put('system/isolation', `sandbox: ${iso.sandbox}${iso.reason ? ` (${iso.reason})` : ''}\nisolation: ${iso.isolation}\ncgroups: ${iso.cgroups}\n`);
    this.put('system/session', `pid: ${process.pid}\nstarted: ${new Date(Date.now() - process.uptime() * 1000).toISOString()}\ncwd: ${process.cwd()}\n`);
  }

  /** Channel counters, and procs the process table has forgotten. */
  private sweep(): void {
    if (this.closed) return;
    try {
      const live = new Set<string>();
      for (const ch of this.k.pipeChannels()) {
        const i = ch.info();
        live.add(i.name);
        this.writeChannel(i.name, i.bytes, { kind: 'pipe', writer: i.writer || '-', reader: i.reader || '-', state: i.state, bytes: i.bytes });
      }
      for (const ch of this.k.named.list()) {
        const i = ch.info();
        live.add(i.name);
        this.writeChannel(i.name, i.bytes_in, { kind: 'named', readers: i.readers, writers: i.writers, bytes_in: i.bytes_in, bytes_out: i.bytes_out, messages_in: i.messages_in, messages_out: i.messages_out, buffered: i.buffered });
      }
      for (const name of this.knownChannels) if (!live.has(name)) this.remove(`channels/${safeName(name)}`, () => this.knownChannels.delete(name));
      if (this.knownProcs.size) {
        const present = new Set(this.k.procs.list(true).map((e) => e.id));
        for (const id of this.knownProcs) if (!present.has(id) && !this.k.procs.get(id)) this.remove(`procs/${id}`, () => this.knownProcs.delete(id));
      }
    } catch {
      // a view: never fatal
    }
  }

  private writeChannel(name: string, bytes: number, info: Record<string, unknown>): void {
    const rel = `channels/${safeName(name)}`;
    this.mkdir(rel);
    this.knownChannels.add(name);
    this.put(`${rel}/bytes`, `${bytes}\n`);
    this.put(`${rel}/info`, Object.entries(info).map(([k, v]) => `${k}:\t${v}\n`).join(''));
  }

  private remove(rel: string, then: () => void): void {
    rmSync(join(this.dir, rel), { recursive: true, force: true });
    for (const key of [...this.written.keys()]) if (key.startsWith(rel + '/')) this.written.delete(key);
    this.made.delete(rel);
    then();
  }

  private mkdir(rel: string): void {
    if (this.made.has(rel)) return;
    mkdirSync(join(this.dir, rel), { recursive: true });
    this.made.add(rel);
  }

  /** Replaces a file atomically when its content changed. */
  private put(rel: string, content: string): void {
    if (this.written.get(rel) === content) return;
    const tmp = join(this.tmp, `w${++this.seq}`);
    writeFileSync(tmp, content);
    renameSync(tmp, join(this.dir, rel));
    this.written.set(rel, content);
  }
}

function describe(e: KernelEvent): string {
  const d = e.data as Record<string, unknown>;
  switch (e.type) {
    case 'spawned':
      return `spawned id=${d.id} pid=${d.pid ?? '-'} command=${JSON.stringify(d.command)}`;
    case 'exited':
      return `exited state=${d.state} ${d.signal ? `signal=${d.signal}` : `status=${d.exitCode}`}`;
    case 'restarted':
      return `restarted restarts=${d.restarts}`;
    case 'failed':
      return `failed ${d.reason}`;
    default:
      return e.type;
  }
}

function readTail(file: string, bytes: number): string {
  // Rare (a log past 1 MiB): read the file and keep whole lines at the end.
  const cut = readFileSync(file, 'utf8').slice(-bytes);
  const nl = cut.indexOf('\n');
  return nl >= 0 ? cut.slice(nl + 1) : cut;
}
