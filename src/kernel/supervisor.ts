// Restart policies for agents (`spawn --restart on-failure --max-restarts 3`): a crashed
// agent is started again after an exponential backoff, under the same process-table entry
// (same id and name, `restarts` counting up); after N restarts it is marked `failed` and a
// `failed` event escalates. `kill NAME` stops it for good: a killed agent is not restarted.
import type { Kernel, ProcHandle, SpawnSpec } from './kernel.js';
import type { ProcEntry } from './process-table.js';

export type RestartMode = 'no' | 'on-failure' | 'always';

export interface RestartPolicy {
  mode: RestartMode;
  /** Restarts allowed before escalation (default 5). */
  maxRestarts: number;
  /** First backoff; doubles each restart up to maxBackoffMs (defaults 200 ms, 10 s). */
  backoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_POLICY: RestartPolicy = { mode: 'no', maxRestarts: 5, backoffMs: 200, maxBackoffMs: 10_000 };

export function parseRestartMode(s: string): RestartMode | null {
  return s === 'no' || s === 'on-failure' || s === 'always' ? s : null;
}

/** Backoff before restart number n (0-based): backoff * 2^n, capped. */
export function backoffFor(policy: RestartPolicy, n: number): number {
  return Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** n);
}

/**
 * Spawns `spec` under `policy`. The returned handle's `done` resolves when the agent is
 * finally over: it exited and the policy does not restart it, it was killed, or it failed.
 */
export function superviseSpawn(kernel: Kernel, spec: SpawnSpec, policy: RestartPolicy, onStart?: (h: ProcHandle) => void): { entry: ProcEntry; done: Promise<ProcEntry> } {
  const first = kernel.spawn(spec);
  onStart?.(first);
  const master = first.entry;
  master.restartPolicy = policy.mode;
  let resolveFinal!: (e: ProcEntry) => void;
  const final = new Promise<ProcEntry>((r) => (resolveFinal = r));

  const onExit = (ended: ProcEntry): void => {
    if (ended !== master) {
      // A restarted incarnation: its outcome becomes the agent's, its own row goes away.
      Object.assign(master, {
        state: ended.state,
        exitCode: ended.exitCode,
        signal: ended.signal,
        endedAt: ended.endedAt,
        status: ended.status,
      });
      kernel.procs.remove(ended.id);
    }
    const failed = master.status !== 0;
    const wanted = policy.mode === 'always' || (policy.mode === 'on-failure' && failed);
    if (master.stopRequested || !wanted) return resolveFinal(master);
    if (master.restarts >= policy.maxRestarts) {
      master.state = 'failed';
      kernel.events.emit('failed', { id: master.id, name: master.name, reason: `exited ${master.status} after ${master.restarts} restarts` });
      return resolveFinal(master);
    }
    const delay = backoffFor(policy, master.restarts);
    master.state = 'restarting';
    setTimeout(() => {
      if (master.stopRequested) {
        master.state = 'killed';
        return resolveFinal(master);
      }
      let next: ProcHandle;
      try {
        next = kernel.spawn(spec);
      } catch (err) {
        master.state = 'failed';
        kernel.events.emit('failed', { id: master.id, name: master.name, reason: (err as Error).message });
        return resolveFinal(master);
      }
      onStart?.(next);
      master.restarts++;
      Object.assign(master, {
        pid: next.entry.pid,
        state: 'running',
        exitCode: null,
        signal: null,
        endedAt: null,
        status: null,
        cgroup: next.entry.cgroup,
        usageSource: next.entry.usageSource,
      });
      next.entry.hidden = true;
      kernel.events.emit('restarted', { id: master.id, name: master.name, restarts: master.restarts });
      void next.done.then(onExit);
    }, delay);
  };
  void first.done.then(onExit);
  kernel.track(master, final);
  return { entry: master, done: final };
}
