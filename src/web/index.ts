// The dashboard: a face over the kernel (it imports the kernel; the kernel never imports it).
// startDashboard() serves one session's kernel on 127.0.0.1 until close(); the `dashboard`
// builtin, `aosh dashboard` and `aosh --web` all come through here. Loaded with import() so
// that neither this code nor ws nor prom-client is on aosh's start-up path.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Kernel } from '../kernel/kernel.js';
import { loadWebState, newToken, saveWebState } from './auth.js';
import { Hub } from './hub.js';
import { metricsFor } from './metrics.js';
import { DashboardServer, loadAssets } from './server.js';

export interface DashboardOptions {
  /** A port to use (0: any free one). Default: the last one used, when free, else any. */
  port?: number;
  /** The environment and directory agents started from the page get (default: aosh's). */
  env?: () => Record<string, string>;
  cwd?: () => string;
  /** Where the token and port are kept between sessions (default $AOSH_HOME/web.json; null: nowhere). */
  stateFile?: string | null;
}

export interface Dashboard {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly hub: Hub;
  close(): Promise<void>;
}

const running = new WeakMap<Kernel, Promise<Dashboard>>();

/** The dashboard already serving this kernel, if any. */
export function dashboardOf(kernel: Kernel): Promise<Dashboard> | undefined {
  return running.get(kernel);
}

/** Starts serving the kernel (or returns the dashboard that already does). */
export function startDashboard(kernel: Kernel, opts: DashboardOptions = {}): Promise<Dashboard> {
  let d = running.get(kernel);
  if (!d) {
    d = start(kernel, opts);
    running.set(kernel, d);
    d.catch(() => running.delete(kernel));
  }
  return d;
}

async function start(kernel: Kernel, opts: DashboardOptions): Promise<Dashboard> {
  const assets = loadAssets();
  const home = kernel.home ?? process.env.AOSH_HOME ?? join(homedir(), '.aosh');
  const stateFile = opts.stateFile === undefined ? join(home, 'web.json') : opts.stateFile;
  const saved = loadWebState(stateFile);
  const token = saved?.token ?? newToken();
  const env = opts.env ?? (() => Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)));
  const cwd = opts.cwd ?? (() => process.cwd());
  // Event counters on /metrics count from the dashboard's start; budgets (config.json, the
  // environment) show before the first LLM call.
  await metricsFor(kernel);
  await import('../kernel/llm/index.js').then((m) => m.llmFor(kernel)).catch(() => undefined);
  const hub = new Hub(kernel, { kernel, env, cwd });
  let server: DashboardServer;
  try {
    server = await DashboardServer.listen({ kernel, hub, token, assets }, opts.port ?? saved?.port ?? 0, opts.port === undefined);
  } catch (err) {
    hub.close();
    const e = err as NodeJS.ErrnoException;
    throw new Error(e.code === 'EADDRINUSE' ? `port ${opts.port} is in use` : `cannot listen on 127.0.0.1: ${e.message}`);
  }
  saveWebState(stateFile, { token, port: server.port });
  kernel.audit('dashboard.start', { port: server.port });
  const url = `http://127.0.0.1:${server.port}/?token=${token}`;
  let closing: Promise<void> | null = null;
  return {
    url,
    port: server.port,
    token,
    hub,
    close() {
      closing ??= (async () => {
        running.delete(kernel);
        hub.close();
        await server.close();
      })();
      return closing;
    },
  };
}

export { metricsFor };
