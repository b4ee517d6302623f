// AGNT endpoints for stages, cheap until used. Every stage gets AOSH_SOCKET naming a Unix
// socket that already listens when the stage starts, but the syscall server behind it
// (protocol, journal, store: tens of milliseconds to load) starts only when a stage first
// connects. A plain `ls | grep x` never pays for it.
import { createRequire } from 'node:module';
import { chmodSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Server, Socket } from 'node:net';
import type { Kernel } from './kernel.js';
import type { PermissionSet } from './permissions.js';
import { sessionDir } from './syscalls/runtime-dir.js';
import type { SyscallServer } from './syscalls/server.js';
import type { StageIdentity } from './syscalls/types.js';

const load = createRequire(import.meta.url);

export interface LazyEndpoint {
  readonly path: string;
  readonly identity: StageIdentity;
  close(): void;
}

export class AgentSockets {
  private dirPath: string | undefined;
  private next = 1;
  private sessionEp: LazyEndpoint | undefined;
  private serverP: Promise<SyscallServer> | undefined;
  private readonly endpoints = new Set<LazyEndpoint>();

  constructor(
    private readonly kernel: Kernel,
    private readonly cwd: string,
  ) {}

  /** The endpoint shared by the shell's own stages (their ceiling is the session's). */
  session(): LazyEndpoint {
    // In aosh's runtime directory, which no world shows; each world binds its socket
    // read-only at /tmp/agentos.sock (it cannot be unlinked or replaced from inside).
    this.sessionEp ??= this.open({ label: 'aosh', procId: null, ceiling: this.kernel.permissions, cwd: this.cwd });
    return this.sessionEp;
  }

  /** An endpoint of its own for an agent started by `spawn` (its identity and ceiling). */
  forAgent(label: string, ceiling: PermissionSet, cwd: string): LazyEndpoint {
    return this.open({ label, procId: null, ceiling, cwd });
  }

  /** The syscall server, started on first use (also used by `aosh` subcommands and tests). */
  server(): Promise<SyscallServer> {
    this.serverP ??= import('./syscalls/index.js').then(async (m) => {
      // One hash chain per session: the server appends to the kernel's journal.
      const srv = m.createSyscallServer(this.kernel, { cwd: this.cwd, dir: this.dir, journal: await this.kernel.journal() });
      const think = await this.kernel.thinkHandler();
      if (think) srv.setThinkHandler(think);
      return srv;
    });
    return this.serverP;
  }

  get started(): boolean {
    return this.serverP !== undefined;
  }

  private get dir(): string {
    this.dirPath ??= sessionDir();
    return this.dirPath;
  }

  private open(identity: StageIdentity, at?: string): LazyEndpoint {
    const net = load('node:net') as typeof import('node:net');
    const path = at ?? join(this.dir, `${this.next++}.sock`);
    const pending: Socket[] = [];
    const srv: Server = net.createServer((sock) => {
      sock.pause();
      pending.push(sock);
      void this.server().then(
        (s) => {
          for (const c of pending.splice(0)) {
            s.adopt(c, identity, path);
            c.resume();
          }
        },
        () => {
          for (const c of pending.splice(0)) c.destroy();
        },
      );
    });
    // listen() binds synchronously: the socket exists before the caller spawns the stage.
    srv.listen({ path, backlog: 511 });
    srv.on('error', () => undefined);
    try {
      chmodSync(path, 0o600);
    } catch {
      // bind failed; connections will be refused and the stage told so
    }
    srv.unref();
    const ep: LazyEndpoint = {
      path,
      identity,
      close: () => {
        this.endpoints.delete(ep);
        srv.close();
        try {
          unlinkSync(path);
        } catch {
          // gone
        }
      },
    };
    this.endpoints.add(ep);
    return ep;
  }

  async close(): Promise<void> {
    for (const ep of [...this.endpoints]) ep.close();
    if (this.serverP) await (await this.serverP.catch(() => null))?.close();
  }
}
