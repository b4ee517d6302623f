// The tools the model sees. Names and argument names are a compatibility surface (recorded
// runs, cassettes, other clients): exec {command}, read_file {path}, write_file {path,
// content}, list_dir {path}, think {prompt}, done {answer}.
// Their file access goes through a FileView: the agent's world (its permissions, hidden
// paths, read-only parts), the same one its exec commands run in.
import { closeSync, constants as fsc, fstatSync, fsyncSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { hostView, isDir, isSymlink, mkdirp, type FileView } from '../fs-view.js';
import type { ToolDef } from '../llm/types.js';
import type { Verdict } from './policy.js';
import { sha256 } from './store.js';
import type { ApprovalMode } from './types.js';

export const TOOL_NAMES = ['exec', 'read_file', 'write_file', 'list_dir', 'think', 'done'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

const str = (description: string): Record<string, unknown> => ({ type: 'string', description });

export const TOOL_DEFS: ToolDef[] = [
  {
    name: 'exec',
    description: 'Run a shell command (sh -c) in the working directory, sandboxed with the agent\'s permissions. Returns the exit code, stdout and stderr.',
    parameters: { type: 'object', properties: { command: str('the command line') }, required: ['command'] },
  },
  {
    name: 'read_file',
    description: 'Read a text file. Paths are relative to the working directory.',
    parameters: { type: 'object', properties: { path: str('file path') }, required: ['path'] },
  },
  {
    name: 'write_file',
    description: 'Create or replace a file with the given content (parent directories are created). Paths are relative to the working directory.',
    parameters: { type: 'object', properties: { path: str('file path'), content: str('the complete new content') }, required: ['path', 'content'] },
  },
  {
    name: 'list_dir',
    description: 'List a directory (directories end with /). Paths are relative to the working directory; "." is the working directory.',
    parameters: { type: 'object', properties: { path: str('directory path') }, required: ['path'] },
  },
  {
    name: 'think',
    description: 'Ask a focused sub-question to a fresh model context (no tools, no history) and get its answer.',
    parameters: { type: 'object', properties: { prompt: str('the question') }, required: ['prompt'] },
  },
  {
    name: 'done',
    description: 'Finish the task. The answer is the final result given to the user.',
    parameters: { type: 'object', properties: { answer: str('the final answer') }, required: ['answer'] },
  },
];

export class ToolError extends Error {}

/**
 * Tools offered next to the built-in ones (the MCP servers' tools, named server__tool, see
 * src/mcp/agent-tools.ts). Their provider decides under the approval mode like exec (an "ask"
 * goes to the same approver) and runs them; the loop records them like any other call.
 */
export interface ExtraTools {
  readonly defs: ToolDef[];
  has(name: string): boolean;
  decide(name: string, args: Record<string, unknown>, mode: ApprovalMode): Verdict;
  /** Never throws for the tool's own failure: { ok: false, output: why }. */
  call(name: string, args: Record<string, unknown>, signal: AbortSignal): Promise<{ ok: boolean; output: string }>;
}

/** The required string arguments of a call, or a ToolError naming what is wrong. */
export function toolArgs(name: string, args: Record<string, unknown>): Record<string, string> {
  const def = TOOL_DEFS.find((d) => d.name === name);
  if (!def) throw new ToolError(`unknown tool "${name}"; the tools are ${TOOL_NAMES.join(', ')}`);
  const out: Record<string, string> = {};
  for (const key of (def.parameters.required as string[]) ?? []) {
    const v = args?.[key];
    if (typeof v !== 'string') throw new ToolError(`${name}: argument "${key}" must be a string${v === undefined ? ' (missing)' : ''}`);
    out[key] = v;
  }
  return out;
}

/** What the model gets back from read_file at most. */
export const READ_LIMIT = 256 * 1024;
const LIST_LIMIT = 1000;

const HOST = hostView();

/**
 * The most a file tool reads (the kernel holds it whole: read_file, the snapshot before a
 * write, AGENTS.md). Reading went on to EOF, so `read_file /dev/zero` (or an AGENTS.md
 * symlinked there, or a FIFO a command keeps writing) filled the kernel's memory and
 * stopped every agent; only regular files are read now, and at most this much.
 */
export const TOOL_FILE_LIMIT = 64 * 1024 * 1024;

/**
 * THE read path of the agent's file tools: read_file, the snapshot before a write, the old
 * side of a write's diff and AGENTS.md all come through here, in the agent's world (FS), so
 * they see the same file. Null when the file does not exist; a ToolError naming WHAT else.
 */
export function readTarget(abs: string, what: string, fs: FileView = HOST): { data: Buffer; mode: number } | null {
  try {
    const fd = fs.open(abs, fsc.O_RDONLY | fsc.O_NONBLOCK);
    try {
      const st = fstatSync(fd);
      if (st.isDirectory()) throw new ToolError(`${what}: is a directory`);
      if (!st.isFile()) throw new ToolError(`${what}: not a regular file`);
      if (st.size > TOOL_FILE_LIMIT) throw new ToolError(`${what}: larger than ${TOOL_FILE_LIMIT} bytes`);
      return { data: readBounded(fd, st.size, what), mode: st.mode & 0o7777 };
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if (err instanceof ToolError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ToolError(`${what}: ${fsMessage(err)}`);
  }
}

/** The file to its end, or a ToolError past TOOL_FILE_LIMIT (bounded even when the size lies: /proc says 0, a file may grow). */
function readBounded(fd: number, size: number, what: string): Buffer {
  let buf = Buffer.alloc(Math.min(TOOL_FILE_LIMIT + 1, Math.max(size + 1, 64 * 1024)));
  let got = 0;
  for (;;) {
    if (got === buf.length) {
      if (got > TOOL_FILE_LIMIT) throw new ToolError(`${what}: larger than ${TOOL_FILE_LIMIT} bytes`);
      const bigger = Buffer.alloc(Math.min(TOOL_FILE_LIMIT + 1, buf.length * 2));
      buf.copy(bigger);
      buf = bigger;
    }
    const n = readSync(fd, buf, got, buf.length - got, null);
    if (n === 0) return buf.subarray(0, got);
    got += n;
  }
}

/** True when the bytes look binary (a NUL in the first 8 KiB, as git and grep decide). */
export function isBinary(data: Buffer): boolean {
  return data.subarray(0, 8192).includes(0);
}

export function readFileTool(abs: string, shown: string, fs: FileView = HOST): string {
  let t;
  try {
    t = readTarget(abs, `read_file ${shown}`, fs);
  } catch (err) {
    if (err instanceof ToolError && err.message.endsWith(': is a directory')) throw new ToolError(`read_file ${shown}: is a directory (use list_dir)`);
    throw err;
  }
  if (!t) throw new ToolError(`read_file ${shown}: No such file or directory`);
  const data = t.data;
  if (isBinary(data)) return `[binary file: ${data.length} bytes, sha256 ${sha256(data)}]`;
  if (data.length > READ_LIMIT) return data.subarray(0, READ_LIMIT).toString('utf8') + `\n[... truncated: ${data.length} bytes in all, first ${READ_LIMIT} shown]`;
  return data.toString('utf8');
}

export function listDirTool(abs: string, shown: string, fs: FileView = HOST): string {
  let names: string[];
  try {
    names = fs.readdir(abs).sort();
  } catch (err) {
    throw new ToolError(`list_dir ${shown}: ${fsMessage(err)}`);
  }
  const lines = names.slice(0, LIST_LIMIT).map((n) => {
    const st = fs.lstat(`${abs}/${n}`);
    return st && isDir(st) ? `${n}/` : n;
  });
  if (names.length > LIST_LIMIT) lines.push(`[... ${names.length - LIST_LIMIT} more entries]`);
  return lines.length ? lines.join('\n') : '(empty directory)';
}

/** The previous content of a file (null when it does not exist), for the snapshot and the diff. */
export function currentContent(abs: string, fs: FileView = HOST): { data: Buffer; mode: number } | null {
  return readTarget(abs, `write_file: ${abs}`, fs);
}

/** currentContent, with a failure as 'error' (the write then goes on without a snapshot). */
export function currentContentOrError(abs: string, fs: FileView = HOST): { data: Buffer; mode: number } | null | 'error' {
  try {
    return currentContent(abs, fs);
  } catch {
    return 'error';
  }
}

/** Tool arguments for a journal record: long strings clipped. */
export function clipArgs(args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) out[k] = typeof v === 'string' ? clip(v, 500) : v;
  return out;
}

/** Writes a file atomically (temp + fsync + rename), keeping the mode of the file it replaces. */
export function writeFileTool(abs: string, content: string, shown: string, mode?: number, fs: FileView = HOST): { bytes: number; sha256: string } {
  const data = Buffer.from(content, 'utf8');
  // A path that is still a symlink after resolving (it dangles, or points where the world
  // has nothing): neither write through it nor replace it, as the socket's WRITE refuses it.
  const link = fs.lstat(abs);
  if (link && isSymlink(link)) throw new ToolError(`write_file ${shown}: is a symbolic link that leads nowhere writable (not followed, not replaced)`);
  try {
    mkdirp(fs, dirname(abs));
    const tmp = `${abs}.aosh-${process.pid}-${Date.now().toString(36)}.tmp`;
    const fd = fs.open(tmp, fsc.O_CREAT | fsc.O_EXCL | fsc.O_WRONLY | fsc.O_NOFOLLOW, mode ?? 0o644);
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    fs.rename(tmp, abs);
  } catch (err) {
    throw new ToolError(`write_file ${shown}: ${fsMessage(err)}`);
  }
  return { bytes: data.length, sha256: sha256(data) };
}

export function fsMessage(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'Permission denied';
    case 'ENOTDIR':
      return 'Not a directory';
    case 'EISDIR':
      return 'Is a directory';
    case 'EROFS':
      return 'Read-only file system';
    default:
      return e.message ?? String(err);
  }
}

/** Keeps the head and tail of a long text for the model. */
export function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const half = Math.floor(limit / 2);
  return `${text.slice(0, half)}\n[... ${text.length - 2 * half} characters omitted ...]\n${text.slice(-half)}`;
}
