// Every resource the kernel holds for its clients has a limit, so that one agent can only
// hurt itself (DESIGN.md "Faults stay inside their request"). This is the one table of them:
// defaults, the environment variable and the $AOSH_HOME/config.json key ("limits": {...})
// that override each. README.md's "Limits" section documents the same table; a test keeps
// the two in step.
//
// Sizes accept the suffixes of --mem (64K, 16M, 1G); counts and seconds are plain numbers.
// A value that does not parse is reported once on stderr and the default is kept: a typo in
// a limit must not take the kernel down, nor silently remove the limit.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBytes } from './cgroups.js';

export interface KernelLimits {
  /** Deepest nesting of arrays/objects in a request's JSON (the request object is level 1). */
  jsonDepth: number;
  /** Longest REGISTER name, in bytes. */
  nameBytes: number;
  /** Names one connection may hold. */
  namesPerConnection: number;
  /** Largest SEND/BROADCAST message, encoded as JSON. */
  messageBytes: number;
  /** Unread messages one mailbox holds; a SEND beyond it is refused. */
  mailboxMessages: number;
  /** Unread bytes one mailbox holds; a SEND beyond it is refused. */
  mailboxBytes: number;
  /** Unread bytes one agent (one socket endpoint) may have queued in all mailboxes together. */
  agentQueuedBytes: number;
  /** Unread bytes in all mailboxes of the kernel together. */
  queuedBytes: number;
  /** Largest STORE value, encoded as JSON. */
  storeValueBytes: number;
  /** Bytes (keys + values) each store scope (global, session, agent) holds. */
  storeScopeBytes: number;
  /** Largest EMIT data, encoded as JSON. */
  eventBytes: number;
  /** Events one subscriber's queue keeps (the oldest are dropped and counted). */
  eventQueueEvents: number;
  /** Bytes one subscriber's queue keeps (the oldest are dropped and counted). */
  eventQueueBytes: number;
  /** Bytes in all event queues together (each queued copy counted). */
  eventsBytes: number;
  /** Largest RECV / POLL_EVENTS answer: fewer entries are returned, never fewer than one. */
  answerBytes: number;
  /** Open connections per socket endpoint (one agent or stage); beyond it the one that did least is closed. */
  endpointConnections: number;
  /** Open connections of the whole kernel. */
  connections: number;
  /** Bytes all connections together may buffer (unfinished requests + unsent answers). */
  connectionBufferBytes: number;
  /** Ended processes the process table remembers (jobs and pending waits keep theirs). */
  procHistory: number;
  /** Seconds an ended process is remembered at most. */
  procHistorySeconds: number;
  /** Processes of all the session's stages together (the session cgroup's pids.max). */
  sessionPids: number;
  /** Sandbox worlds alive at once: the session's, each agent's, each narrowed permission set's. */
  sandboxes: number;
  /** Simulated worlds (WORLD_CREATE, WORLD_RESTORE) the kernel holds at once. */
  worlds: number;
  /** Files in one world's virtual filesystem. */
  worldFiles: number;
  /** One file in a world's virtual filesystem. */
  worldFileBytes: number;
  /** One world's virtual filesystem: contents + paths. */
  worldBytes: number;
  /** All worlds' virtual filesystems together. */
  worldsBytes: number;
  /** One WORLD_CREATE config or WORLD_RESTORE snapshot, encoded as JSON. */
  worldConfigBytes: number;
}

type Kind = 'bytes' | 'count' | 'seconds';

/** name in config.json, env variable, kind, default — in the order README lists them. */
export const LIMIT_TABLE: readonly { key: keyof KernelLimits; name: string; env: string; kind: Kind; value: number; what: string }[] = [
  { key: 'jsonDepth', name: 'json_depth', env: 'AOSH_LIMIT_JSON_DEPTH', kind: 'count', value: 64, what: 'nesting depth of any request JSON (the request object is level 1)' },
  { key: 'nameBytes', name: 'name_bytes', env: 'AOSH_LIMIT_NAME_BYTES', kind: 'bytes', value: 1024, what: 'one REGISTER name' },
  { key: 'namesPerConnection', name: 'names_per_connection', env: 'AOSH_LIMIT_NAMES_PER_CONNECTION', kind: 'count', value: 64, what: 'names one connection may register' },
  { key: 'messageBytes', name: 'message_bytes', env: 'AOSH_LIMIT_MESSAGE_BYTES', kind: 'bytes', value: 1 << 20, what: 'one SEND/BROADCAST message, as JSON' },
  { key: 'mailboxMessages', name: 'mailbox_messages', env: 'AOSH_LIMIT_MAILBOX_MESSAGES', kind: 'count', value: 10_000, what: 'unread messages per mailbox (SEND refused beyond)' },
  { key: 'mailboxBytes', name: 'mailbox_bytes', env: 'AOSH_LIMIT_MAILBOX_BYTES', kind: 'bytes', value: 16 << 20, what: 'unread bytes per mailbox (SEND refused beyond)' },
  { key: 'agentQueuedBytes', name: 'agent_queued_bytes', env: 'AOSH_LIMIT_AGENT_QUEUED_BYTES', kind: 'bytes', value: 64 << 20, what: 'unread bytes one agent has sent, all mailboxes' },
  { key: 'queuedBytes', name: 'queued_bytes', env: 'AOSH_LIMIT_QUEUED_BYTES', kind: 'bytes', value: 256 << 20, what: 'unread bytes in all mailboxes' },
  { key: 'storeValueBytes', name: 'store_value_bytes', env: 'AOSH_LIMIT_STORE_VALUE_BYTES', kind: 'bytes', value: 1 << 20, what: 'one STORE value, as JSON' },
  { key: 'storeScopeBytes', name: 'store_scope_bytes', env: 'AOSH_LIMIT_STORE_SCOPE_BYTES', kind: 'bytes', value: 16 << 20, what: 'keys + values per store scope (global, session, agent)' },
  { key: 'eventBytes', name: 'event_bytes', env: 'AOSH_LIMIT_EVENT_BYTES', kind: 'bytes', value: 64 << 10, what: 'one EMIT data, as JSON' },
  { key: 'eventQueueEvents', name: 'event_queue_events', env: 'AOSH_LIMIT_EVENT_QUEUE_EVENTS', kind: 'count', value: 10_000, what: 'events per subscriber queue (oldest dropped)' },
  { key: 'eventQueueBytes', name: 'event_queue_bytes', env: 'AOSH_LIMIT_EVENT_QUEUE_BYTES', kind: 'bytes', value: 8 << 20, what: 'bytes per subscriber queue (oldest dropped)' },
  { key: 'eventsBytes', name: 'events_bytes', env: 'AOSH_LIMIT_EVENTS_BYTES', kind: 'bytes', value: 64 << 20, what: 'bytes in all event queues' },
  { key: 'answerBytes', name: 'answer_bytes', env: 'AOSH_LIMIT_ANSWER_BYTES', kind: 'bytes', value: 4 << 20, what: 'one RECV/POLL_EVENTS answer (fewer entries, at least one)' },
  { key: 'endpointConnections', name: 'endpoint_connections', env: 'AOSH_LIMIT_ENDPOINT_CONNECTIONS', kind: 'count', value: 512, what: 'open connections per agent socket (the one that did least makes room)' },
  { key: 'connections', name: 'connections', env: 'AOSH_LIMIT_CONNECTIONS', kind: 'count', value: 1024, what: 'open connections of the kernel (at most a quarter of the fd limit)' },
  { key: 'connectionBufferBytes', name: 'connection_buffer_bytes', env: 'AOSH_LIMIT_CONNECTION_BUFFER_BYTES', kind: 'bytes', value: 128 << 20, what: 'unfinished requests + unsent answers, all connections' },
  { key: 'procHistory', name: 'proc_history', env: 'AOSH_LIMIT_PROC_HISTORY', kind: 'count', value: 1000, what: 'ended processes remembered by the process table' },
  { key: 'procHistorySeconds', name: 'proc_history_seconds', env: 'AOSH_LIMIT_PROC_HISTORY_SECONDS', kind: 'seconds', value: 3600, what: 'longest an ended process is remembered' },
  { key: 'sessionPids', name: 'session_pids', env: 'AOSH_LIMIT_SESSION_PIDS', kind: 'count', value: 16384, what: 'processes of all the session\'s stages together (the session cgroup\'s pids.max; each stage keeps its own --pids)' },
  { key: 'sandboxes', name: 'sandboxes', env: 'AOSH_LIMIT_SANDBOXES', kind: 'count', value: 64, what: 'sandbox worlds alive at once (the session\'s, each agent\'s, each SET_PERMS-narrowed set\'s: idle narrowed ones are closed first, then a new one is refused)' },
  { key: 'worlds', name: 'worlds', env: 'AOSH_LIMIT_WORLDS', kind: 'count', value: 64, what: 'simulated worlds (WORLD_CREATE/WORLD_RESTORE refused beyond)' },
  { key: 'worldFiles', name: 'world_files', env: 'AOSH_LIMIT_WORLD_FILES', kind: 'count', value: 10_000, what: "files in one world's virtual filesystem" },
  { key: 'worldFileBytes', name: 'world_file_bytes', env: 'AOSH_LIMIT_WORLD_FILE_BYTES', kind: 'bytes', value: 4 << 20, what: "one file in a world's virtual filesystem" },
  { key: 'worldBytes', name: 'world_bytes', env: 'AOSH_LIMIT_WORLD_BYTES', kind: 'bytes', value: 16 << 20, what: "one world's virtual filesystem (contents + paths)" },
  { key: 'worldsBytes', name: 'worlds_bytes', env: 'AOSH_LIMIT_WORLDS_BYTES', kind: 'bytes', value: 128 << 20, what: "all worlds' virtual filesystems together" },
  { key: 'worldConfigBytes', name: 'world_config_bytes', env: 'AOSH_LIMIT_WORLD_CONFIG_BYTES', kind: 'bytes', value: 1 << 20, what: 'one WORLD_CREATE config or WORLD_RESTORE snapshot, as JSON' },
];

export function defaultLimits(): KernelLimits {
  const out = {} as KernelLimits;
  for (const l of LIMIT_TABLE) out[l.key] = l.value;
  return out;
}

const reported = new Set<string>();

/**
 * The limits in force: defaults, then $AOSH_HOME/config.json "limits", then AOSH_LIMIT_*
 * variables, then `overrides` (tests, embedding). The connection limit is kept under a
 * quarter of the soft fd limit so that a connection storm cannot starve the kernel of fds.
 */
export function loadLimits(opts: { env?: Record<string, string | undefined>; home?: string; overrides?: Partial<KernelLimits>; warn?: (line: string) => void } = {}): KernelLimits {
  const env = opts.env ?? process.env;
  const warn = opts.warn ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const out = defaultLimits();
  const file = opts.home ? readLimitsFile(opts.home, warn) : {};
  for (const l of LIMIT_TABLE) {
    for (const [raw, where] of [
      [file[l.name], `${opts.home}/config.json limits.${l.name}`],
      [env[l.env], l.env],
    ] as const) {
      if (raw === undefined || raw === null || raw === '') continue;
      const v = parseLimit(raw, l.kind);
      if (v === null) {
        const key = `${where}=${String(raw)}`;
        if (!reported.has(key)) {
          reported.add(key);
          warn(`aosh: warning: ${where}: invalid ${l.kind === 'bytes' ? 'size' : 'number'} ${JSON.stringify(raw)}; keeping ${l.kind === 'bytes' ? formatBytes(l.value) : l.value}`);
        }
        continue;
      }
      out[l.key] = v;
    }
  }
  Object.assign(out, opts.overrides ?? {});
  const fds = softFdLimit();
  if (fds !== null) out.connections = Math.max(1, Math.min(out.connections, Math.floor(fds / 4)));
  return out;
}

function parseLimit(raw: unknown, kind: Kind): number | null {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw > 0 ? raw : null;
  if (typeof raw !== 'string') return null;
  if (kind === 'bytes') return parseBytes(raw);
  return /^\d+$/.test(raw.trim()) && Number(raw) > 0 ? Number(raw) : null;
}

function readLimitsFile(home: string, warn: (line: string) => void): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(join(home, 'config.json'), 'utf8');
  } catch {
    return {};
  }
  try {
    const all = JSON.parse(text) as Record<string, unknown>;
    const l = all?.limits;
    return l && typeof l === 'object' && !Array.isArray(l) ? (l as Record<string, unknown>) : {};
  } catch (err) {
    const key = `${home}/config.json`;
    if (!reported.has(key)) {
      reported.add(key);
      warn(`aosh: warning: ${key}: ${(err as Error).message}; kernel limits keep their defaults`);
    }
    return {};
  }
}

/** RLIMIT_NOFILE's soft value (Linux: /proc/self/limits), or null when unknown. */
function softFdLimit(): number | null {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** "16 MiB", "64 KiB", "1000 B": for error messages. */
export function formatBytes(n: number): string {
  if (n >= 1 << 30) return `${+(n / (1 << 30)).toFixed(2)} GiB`;
  if (n >= 1 << 20) return `${+(n / (1 << 20)).toFixed(2)} MiB`;
  if (n >= 1 << 10) return `${+(n / (1 << 10)).toFixed(2)} KiB`;
  return `${n} B`;
}
