// ProcessOps over the Kernel: SPAWN runs `python3 SCRIPT SOCKET` (spec §4.1, Q24) through
// kernel.spawn, so agents appear in the process table like any stage; EXEC runs `/bin/sh -c`
// the same way with one pipe for stdout+stderr. Agents are tracked by spawn-id (the kernel's
// process id) and name; an agent that exits is reaped and leaves LIST at once (spec §4.6).
import { accessSync, closeSync, constants as fsc, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { delimiter, join } from 'node:path';
import type { Kernel } from '../kernel.js';
import type { FileView } from '../fs-view.js';
import type { ProcEntry } from '../process-table.js';
import type { PermissionSet } from '../permissions.js';
import { isSecretVar } from '../world/secrets.js';
import type { AgentInfo, Caller, ExecOptions, ExecResult, ProcessOps, SpawnAgentRequest, SpawnedAgent } from './types.js';

/** EXEC output beyond this is cut (the command keeps running to its end). */
export const EXEC_OUTPUT_LIMIT = 16 * 1024 * 1024;
const KILL_GRACE_MS = 5000;
/** After the shell exits, how long to wait for background children to close the pipe. */
const EXEC_DRAIN_MS = 200;

interface Tracked {
  entry: ProcEntry;
  name: string;
  done: Promise<ProcEntry>;
}

export class KernelProcessOps implements ProcessOps {
  private readonly agents = new Map<number, Tracked>();

  constructor(private readonly kernel: Kernel) {}

  async spawnAgent(req: SpawnAgentRequest, caller: Caller): Promise<SpawnedAgent> {
    for (const a of this.agents.values()) if (a.name === req.name) throw new Error(`an agent named ${req.name} is running`);
    const file = which(req.python);
    const stdin = openSync('/dev/null', 'r');
    let handle;
    // The agent's own world: its permissions, its socket at /tmp/agentos.sock, its /tmp.
    const world = this.kernel.sandboxed ? this.kernel.worlds.createAgentWorld(req.name, req.permissions, caller.cwd, req.socketPath, this.kernel.worlds.worldForSocket(caller.socketPath)) : undefined;
    try {
      handle = this.kernel.spawn({
        world,
        permissions: req.permissions,
        file: file ?? req.python,
        argv: [req.python, req.script, req.socketPath],
        env: { ...childEnv(req.permissions), AOSH_SOCKET: req.socketPath, AGENT_NAME: req.name },
        cwd: caller.cwd,
        // stdout/stderr are the kernel's (spec §4.1: the child's prints appear there).
        fds: [stdin, 1, 2],
        name: req.name,
        agent: true,
        command: `${req.python} ${req.script}`,
        parent: caller.procId,
        pgid: 0,
        limits: {
          memoryBytes: req.limits?.memory,
          pids: req.limits?.max_pids,
          cpu: req.limits?.cpu_quota !== undefined ? req.limits.cpu_quota / 100_000 : undefined,
        },
      });
    } catch (err) {
      if (world) this.kernel.worlds.closeWorld(world);
      throw err;
    } finally {
      closeSync(stdin);
    }
    const { entry, done } = handle;
    if (world) void done.then(() => this.kernel.worlds.closeWorld(world));
    this.agents.set(entry.id, { entry, name: req.name, done });
    const exited = done.then((e) => {
      this.agents.delete(e.id);
      return { code: e.exitCode, signal: e.signal };
    });
    return { id: entry.id, pid: entry.pid ?? 0, name: req.name, exited };
  }

  async kill(target: { id?: number; name?: string }, _caller: Caller): Promise<{ killed: boolean; agent_id: number; name: string | null }> {
    const found = target.id !== undefined ? this.agents.get(target.id) : [...this.agents.values()].find((a) => a.name === target.name);
    if (!found) return { killed: false, agent_id: target.id ?? 0, name: null };
    this.agents.delete(found.entry.id);
    const { entry, done } = found;
    this.kernel.signal(entry, 15);
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), KILL_GRACE_MS).unref());
    if ((await Promise.race([done, timer])) === 'timeout') {
      this.kernel.signal(entry, 9);
      await done;
    }
    return { killed: true, agent_id: entry.id, name: found.name };
  }

  files(caller: Caller): FileView {
    return this.kernel.sandboxed ? this.kernel.worldView(() => this.kernel.worlds.worldForCaller(caller.socketPath, caller.permissions, caller.cwd, caller.label)) : this.kernel.fs;
  }

  list(): AgentInfo[] {
    return [...this.agents.values()]
      .filter((a) => a.entry.state === 'running' || a.entry.state === 'stopped')
      .map((a) => ({ id: a.entry.id, name: a.name, pid: a.entry.pid ?? 0, state: 'RUNNING', running: true }));
  }

  async exec(command: string, caller: Caller, opts: ExecOptions): Promise<ExecResult> {
    const [r, w] = this.kernel.native.pipe();
    const stdin = openSync('/dev/null', 'r');
    const text = opts.cwd ? `cd -- ${shQuote(opts.cwd)} && ${command}` : command;
    let handle;
    try {
      handle = this.kernel.spawn({
        world: this.kernel.sandboxed ? this.kernel.worlds.worldForCaller(caller.socketPath, caller.permissions, caller.cwd, caller.label) : undefined,
        permissions: caller.permissions,
        viaShell: true,
        file: '/bin/sh',
        argv: ['sh', '-c', text],
        env: { ...childEnv(caller.permissions), AOSH_SOCKET: caller.socketPath },
        cwd: caller.cwd,
        fds: [stdin, w, w],
        name: 'exec',
        command,
        parent: caller.procId,
        pgid: 0,
      });
    } catch (err) {
      this.kernel.native.close(r);
      throw err;
    } finally {
      closeSync(stdin);
      this.kernel.native.close(w);
    }
    const { entry, done } = handle;
    const out = readAll(r);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(entry);
    }, opts.timeoutMs);
    const finished = await done;
    clearTimeout(timer);
    // Background children may still hold the pipe; give them a moment, then stop reading.
    const drain = setTimeout(() => out.stop(), EXEC_DRAIN_MS);
    const stdout = await out.text;
    clearTimeout(drain);
    return { stdout, stderr: '', exit_code: finished.exitCode ?? -1, timedOut };
  }
}

function killGroup(entry: ProcEntry): void {
  if (entry.pid === null) return;
  try {
    process.kill(-entry.pid, 'SIGKILL');
  } catch {
    try {
      process.kill(entry.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Reads a pipe fd to EOF (or until stop()), keeping at most EXEC_OUTPUT_LIMIT bytes. */
function readAll(fd: number): { text: Promise<string>; stop: () => void } {
  const sock = new Socket({ fd, readable: true, writable: false });
  const parts: Buffer[] = [];
  let n = 0;
  const text = new Promise<string>((resolve) => {
    sock.on('data', (c: Buffer) => {
      if (n < EXEC_OUTPUT_LIMIT) parts.push(c.subarray(0, EXEC_OUTPUT_LIMIT - n));
      n += c.length;
    });
    const finish = (): void => resolve(Buffer.concat(parts).toString('utf8'));
    sock.on('end', finish);
    sock.on('close', finish);
    sock.on('error', finish);
  });
  return { text, stop: () => sock.destroy() };
}

/**
 * Secret-looking variables never reach agents unless --allow-env names them (DESIGN.md):
 * the same test as a stage's (secrets.ts), not a narrower one of its own (GH_PAT, SSH_AUTH_SOCK
 * and postgres://u:pw@… URLs passed here before).
 */

export function childEnv(perms: PermissionSet, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const named = Array.isArray(perms.allow.env) ? perms.allow.env : [];
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) continue;
    if (isSecretVar(k, v) && !named.includes(k)) continue;
    out[k] = v;
  }
  return out;
}

function which(cmd: string): string | null {
  if (cmd.includes('/')) return cmd;
  for (const dir of (process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(delimiter)) {
    const p = join(dir || '.', cmd);
    try {
      accessSync(p, fsc.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return null;
}

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
