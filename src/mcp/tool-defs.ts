// The tools `aosh mcp serve` offers: names, JSON schemas and hints. The names are a
// compatibility surface (client configs, allow lists): spawn, ps, kill, wait, exec,
// read_file, write_file, list_dir, think, pipe_send, pipe_recv, audit_tail. read_file,
// write_file, list_dir and exec take the agent loop's argument names.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

const str = (description: string): Record<string, unknown> => ({ type: 'string', description });
const num = (description: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ type: 'number', description, ...extra });
const target = { anyOf: [{ type: 'string' }, { type: 'integer' }], description: 'the process: its kernel id (as in ps), its name, or pid:N' };

export const SIGNALS = ['TERM', 'KILL', 'STOP', 'CONT', 'INT', 'HUP'] as const;

export const SERVE_TOOLS: Tool[] = [
  {
    name: 'spawn',
    description:
      'Start a program in the background as a kernel process (an agent): sandboxed, in the process table (ps), with its own AGNT socket ($AOSH_SOCKET) to think through the kernel. Its output is kept as the resource aosh://proc/ID/output. Runs with the server\'s permissions, or fewer when "allow" flags are given; needs approval like exec.',
    inputSchema: {
      type: 'object',
      properties: {
        command: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], description: 'the program and its arguments: an array, or a string split into words as the shell does (no pipes or redirections; use exec for those)' },
        name: str('the name ps, kill and wait know it by (default: the program name)'),
        restart: { type: 'string', enum: ['no', 'on-failure', 'always'], description: 'restart policy (exponential backoff); default no' },
        max_restarts: { type: 'integer', minimum: 0, description: 'restarts before it is marked failed (default 5)' },
        allow: { type: 'array', items: { type: 'string' }, description: 'permission flags for it, e.g. ["--allow-net=api.example.com"]: intersected with the server\'s, never more' },
        mem: str('memory limit, e.g. 256M'),
        cpu: num('cpu limit in cores, e.g. 0.5', { exclusiveMinimum: 0 }),
        pids: { type: 'integer', minimum: 1, description: 'limit on the number of processes' },
      },
      required: ['command'],
    },
    annotations: { title: 'Spawn an agent', destructiveHint: false, openWorldHint: false },
  },
  {
    name: 'ps',
    description: 'The kernel\'s process table: id, name, pid, state (running, stopped, exited, killed, oom-killed), exit code, signal, isolation, limits, cpu and memory use, command.',
    inputSchema: { type: 'object', properties: { all: { type: 'boolean', description: 'include ended processes (default true)' } } },
    annotations: { title: 'List processes', readOnlyHint: true, openWorldHint: false },
  },
  {
    name: 'kill',
    description: 'Send a signal to a process of this session: TERM (default), KILL, STOP (pause), CONT (resume), INT, HUP.',
    inputSchema: { type: 'object', properties: { target, signal: { type: 'string', enum: [...SIGNALS], description: 'default TERM' } }, required: ['target'] },
    annotations: { title: 'Signal a process', destructiveHint: true, openWorldHint: false },
  },
  {
    name: 'wait',
    description: 'Wait until a process has ended (or the timeout passes) and return its state, exit code and signal.',
    inputSchema: { type: 'object', properties: { target, timeout_sec: num('give up after this long (default 30, at most 3600); the process keeps running', { minimum: 0, maximum: 3600 }) }, required: ['target'] },
    annotations: { title: 'Wait for a process', readOnlyHint: true, openWorldHint: false },
  },
  {
    name: 'exec',
    description: 'Run a shell command line (sh -c) in the working directory as a sandboxed stage with the server\'s permissions; returns the exit code, stdout and stderr. Needs approval unless the mode is auto or an allow rule covers it.',
    inputSchema: { type: 'object', properties: { command: str('the command line'), timeout_sec: num('kill it after this long (default 120)', { exclusiveMinimum: 0, maximum: 86400 }) }, required: ['command'] },
    annotations: { title: 'Run a command', destructiveHint: true, openWorldHint: false },
  },
  {
    name: 'read_file',
    description: 'Read a text file (at most 256 KiB shown). Paths are relative to the working directory.',
    inputSchema: { type: 'object', properties: { path: str('file path') }, required: ['path'] },
    annotations: { title: 'Read a file', readOnlyHint: true, openWorldHint: false },
  },
  {
    name: 'write_file',
    description: 'Create or replace a file with the given content (parent directories are created). Paths are relative to the working directory.',
    inputSchema: { type: 'object', properties: { path: str('file path'), content: str('the complete new content') }, required: ['path', 'content'] },
    annotations: { title: 'Write a file', destructiveHint: true, openWorldHint: false },
  },
  {
    name: 'list_dir',
    description: 'List a directory (directories end with /). Paths are relative to the working directory; "." is the working directory.',
    inputSchema: { type: 'object', properties: { path: str('directory path') }, required: ['path'] },
    annotations: { title: 'List a directory', readOnlyHint: true, openWorldHint: false },
  },
  {
    name: 'think',
    description: 'One LLM call through the kernel (its provider, scheduler and hard budgets): the answer to the prompt.',
    inputSchema: { type: 'object', properties: { prompt: str('the question'), system: str('a system prompt'), model: str('the model (default: the configured one)') }, required: ['prompt'] },
    annotations: { title: 'Ask the LLM', readOnlyHint: true, openWorldHint: true },
  },
  {
    name: 'pipe_send',
    description: 'Send messages to a named channel (pipe mk NAME in the shell; created here when missing). Each line of the message is one message; every reader gets every message.',
    inputSchema: { type: 'object', properties: { channel: str('channel name (letters, digits, _ . -)'), message: str('the message; each line is one message') }, required: ['channel', 'message'] },
    annotations: { title: 'Send to a channel', openWorldHint: false },
  },
  {
    name: 'pipe_recv',
    description: 'Receive messages from a named channel: returns when max messages came, the channel ended, or the timeout passed (with what came until then).',
    inputSchema: {
      type: 'object',
      properties: { channel: str('channel name'), max: { type: 'integer', minimum: 1, maximum: 10000, description: 'at most this many messages (default 1)' }, timeout_sec: num('wait at most this long (default 30)', { minimum: 0, maximum: 3600 }) },
      required: ['channel'],
    },
    annotations: { title: 'Receive from a channel', openWorldHint: false },
  },
  {
    name: 'audit_tail',
    description: 'The latest records of the hash-chained audit journal (process starts and ends, signals, syscalls, denials, agent steps, MCP calls).',
    inputSchema: { type: 'object', properties: { n: { type: 'integer', minimum: 1, maximum: 1000, description: 'how many (default 20)' } } },
    annotations: { title: 'Audit journal', readOnlyHint: true, openWorldHint: false },
  },
];
