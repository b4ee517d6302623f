// Public surface of the syscall layer. The kernel (or CLI) creates one server per session:
//
//   const sys = createSyscallServer(kernel, { home, cwd });    // nothing listens yet
//   const ep = await sys.endpointFor({ label, procId, ceiling }); // per stage, lazily
//   spawn the stage with env AOSH_SOCKET=ep.path (and, inside a sandbox, bind ep.path at
//   /tmp/agentos.sock); await ep.close() when the stage has exited.
//   sys.setThinkHandler(fn)   // when the LLM layer is ready; THINK answers offline until then
//   await sys.close()         // on shutdown
import type { Kernel } from '../kernel.js';
import { KernelProcessOps } from './kernel-ops.js';
import { SyscallServer, type SyscallServerOptions } from './server.js';

export { SyscallServer, type SyscallServerOptions } from './server.js';
export { KernelProcessOps, childEnv } from './kernel-ops.js';
export { THINK_OFFLINE } from './handlers/basic.js';
export { thinkHandlerFor, type LlmLike } from './llm-adapter.js';
export { Op, opName } from './opcodes.js';
export { MAGIC, HEADER_SIZE, MAX_PAYLOAD, FrameDecoder, encodeFrame } from './codec.js';
export type { Endpoint, ConnState } from './context.js';
export type * from './types.js';

/** The variable every stage gets: the path of its own syscall socket. */
export const SOCKET_ENV = 'AOSH_SOCKET';

/**
 * A syscall server wired to a Kernel: SPAWN/KILL/LIST/EXEC go through kernel.spawn, and
 * every process the kernel starts or reaps is journaled. No socket exists until the first
 * endpoint is asked for.
 */
export function createSyscallServer(kernel: Kernel, opts: Omit<SyscallServerOptions, 'ops' | 'kernelEvents'> = {}): SyscallServer {
  const server = new SyscallServer({
    home: kernel.home,
    sessionPermissions: kernel.permissions,
    limits: kernel.limits,
    ...opts,
    ops: new KernelProcessOps(kernel),
    kernelEvents: kernel.events,
  });
  const off = [
    // Supervisor and resource events reach SUBSCRIBE/POLL_EVENTS too (kernel-sourced: 0).
    kernel.events.on('oom-killed', (e) => server.hub.emit('RESOURCE_WARNING', { kind: 'oom-killed', id: e.data.id, name: e.data.name }, 0)),
    kernel.events.on('restarted', (e) => server.hub.emit('STATE_CHANGED', { kind: 'restarted', id: e.data.id, name: e.data.name, restarts: e.data.restarts }, 0)),
    kernel.events.on('failed', (e) => server.hub.emit('STATE_CHANGED', { kind: 'failed', id: e.data.id, name: e.data.name, reason: e.data.reason }, 0)),
    kernel.events.on('stopped', (e) => server.hub.emit('STATE_CHANGED', { kind: 'stopped', id: e.data.id, name: e.data.name }, 0)),
    kernel.events.on('continued', (e) => server.hub.emit('STATE_CHANGED', { kind: 'continued', id: e.data.id, name: e.data.name }, 0)),
  ];
  const close = server.close.bind(server);
  server.close = async () => {
    for (const f of off) f();
    await close();
  };
  return server;
}

/** createSyscallServer + the session endpoint started: returns its path and close(). */
export async function startSyscallServer(kernel: Kernel, opts: Omit<SyscallServerOptions, 'ops' | 'kernelEvents'> = {}): Promise<{ server: SyscallServer; path: string; close: () => Promise<void> }> {
  const server = createSyscallServer(kernel, opts);
  const ep = await server.sessionEndpoint();
  return { server, path: ep.path, close: () => server.close() };
}
