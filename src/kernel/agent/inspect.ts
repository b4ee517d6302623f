// Reading runs back: `agent runs` (a table), `agent trace ID` (every step with its evidence)
// and `agent rewind ID [--to STEP]` (restore the files the run wrote, from its snapshots).
import { closeSync, constants as fsc, fsyncSync, readFileSync, writeSync } from 'node:fs';
import { hostView, type FileView } from '../fs-view.js';
import { dirname, join } from 'node:path';
import { clipDiff, unifiedDiff } from './diff.js';
import { RunStore, sha256, type Run } from './store.js';
import type { CallStep, RewindStep, RunMeta, Step } from './types.js';

function tokens(m: RunMeta): number {
  return m.usage.input + m.usage.output;
}

function oneLine(s: string, n: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? t.slice(0, n - 1) + '…' : t;
}

export function runsJson(m: RunMeta): Record<string, unknown> {
  return {
    id: m.id,
    task: m.task,
    status: m.status,
    exitCode: m.exitCode,
    turns: m.turns,
    tokens: tokens(m),
    usage: m.usage,
    costUsd: Number(m.costUsd.toFixed(8)),
    mode: m.mode,
    cwd: m.cwd,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    ...(m.reason ? { reason: m.reason } : {}),
  };
}

export function formatRuns(list: RunMeta[]): string {
  if (!list.length) return '';
  const rows = list.map((m) => [m.id, m.status, String(m.turns), String(tokens(m)), `$${m.costUsd.toFixed(4)}`, oneLine(m.task, 60)]);
  const head = ['ID', 'STATUS', 'TURNS', 'TOKENS', 'COST', 'TASK'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]): string =>
    r
      .map((c, i) => (i === r.length - 1 ? c : i >= 2 && i <= 4 ? c.padStart(w[i]!) : c.padEnd(w[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(head), ...rows.map(fmt)].join('\n') + '\n';
}

function short(h: string | undefined): string {
  return h ? h.slice(0, 12) : '-';
}

export function formatTrace(run: Run): string {
  const m = run.effectiveMeta();
  const out: string[] = [];
  out.push(`run ${m.id}  ${m.status}${m.exitCode !== null ? ` (exit ${m.exitCode})` : ''}  mode ${m.mode}  turns ${m.turns}  tokens ${tokens(m)}  cost $${m.costUsd.toFixed(6)}`);
  out.push(`cwd  ${m.cwd}`);
  out.push(`task ${oneLine(m.task, 200)}`);
  if (m.permissions.length) out.push(`permission flags: ${m.permissions.join(' ')}`);
  out.push('');
  for (const s of run.steps) out.push(...formatStep(s, run));
  return out.join('\n') + '\n';
}

/** Diff lines of each write shown in the trace (`agent trace --json` has the whole content). */
const TRACE_DIFF_LINES = 40;

/** The diff a recorded write made, from its snapshot to the content it wrote. */
function recordedDiff(s: CallStep, run: Run): string[] {
  const snap = s.snapshot;
  if (!snap || typeof s.arguments.content !== 'string') return [];
  let old: string | null = null;
  if (snap.existed) {
    try {
      const data = readFileSync(join(run.dir, snap.file!));
      if (data.subarray(0, 8192).includes(0)) return ['        (the previous content was binary)'];
      old = data.toString('utf8');
    } catch {
      return ['        (snapshot missing)'];
    }
  }
  const d = unifiedDiff(old, s.arguments.content, String(s.arguments.path ?? snap.path));
  return d.text ? indent(clipDiff(d.text, TRACE_DIFF_LINES), 8, TRACE_DIFF_LINES + 1) : ['        (no change)'];
}

/** An exec's kept output: the head and, when there was more, the tail. */
function streamLines(label: string, bytes: number, hash: string, head?: string, tail?: string): string[] {
  const lines = [`        ${label} ${bytes} B sha256 ${hash}`];
  if (head !== undefined) lines.push(...indent(head, 10, 20).map((l) => l.replace(/^( {10})/, '$1│ ')));
  if (tail !== undefined) lines.push('          [...]', ...indent(tail, 10, 20).map((l) => l.replace(/^( {10})/, '$1│ ')));
  return lines;
}

function indent(text: string, n = 8, max = 20): string[] {
  const lines = text.replace(/\n+$/, '').split('\n');
  const shown = lines.slice(0, max).map((l) => ' '.repeat(n) + l);
  if (lines.length > max) shown.push(`${' '.repeat(n)}[... ${lines.length - max} more lines]`);
  return shown;
}

function formatStep(s: Step, run: Run): string[] {
  const n = `#${s.step}`.padEnd(5);
  const t = s.ts.slice(11, 19);
  switch (s.kind) {
    case 'start': {
      const lines = [`${n} ${t}  start  mode ${s.mode}${s.context ? `  context ${Buffer.byteLength(s.context)} bytes from stdin` : ''}`];
      const i = s.instructions;
      if (i) lines.push(`        instructions: ${i.path} ${i.bytes} B sha256 ${i.sha256}${i.truncated ? ' (truncated in the prompt)' : ''}`);
      return lines;
    }
    case 'resume':
      return [`${n} ${t}  resume by pid ${s.pid}${s.rerun ? `  (${s.rerun} interrupted tool call(s) run again)` : ''}`];
    case 'model': {
      const calls = s.toolCalls.map((c) => c.name).join(', ');
      const lines = [`${n} ${t}  turn ${s.turn}  model ${s.model}  ${s.usage.input}+${s.usage.output} tokens  $${s.costUsd.toFixed(6)}  ${s.durationMs} ms  ${calls ? `-> ${calls}` : '(no tool call)'}`];
      if (s.content.trim()) lines.push(...indent(s.content, 8, 8));
      return lines;
    }
    case 'call': {
      const args = s.name === 'write_file' ? { path: s.arguments.path, content: `(${Buffer.byteLength(String(s.arguments.content ?? ''))} bytes)` } : s.arguments;
      const lines = [`${n} ${t}  turn ${s.turn}  call ${s.name} ${oneLine(JSON.stringify(args), 160)}  [${s.decision}${s.reason ? `: ${oneLine(s.reason, 120)}` : ''}]`];
      if (s.snapshot) lines.push(`        snapshot: ${s.snapshot.existed ? `previous content ${s.snapshot.bytes} bytes sha256 ${short(s.snapshot.sha256)}` : 'file did not exist'}`);
      if (s.name === 'write_file' && s.decision !== 'denied') lines.push(...recordedDiff(s, run));
      return lines;
    }
    case 'result': {
      const head = `${n} ${t}  turn ${s.turn}  result ${s.name}  ${s.ok ? 'ok' : 'FAILED'}  ${s.durationMs} ms`;
      if (s.exec) {
        const e = s.exec;
        return [
          `${head}  exit ${e.timedOut ? 'timeout' : (e.signal ?? e.exitCode)}`,
          `        command: ${e.command}`,
          ...streamLines('stdout', e.stdoutBytes, e.stdoutSha256, e.stdoutHead, e.stdoutTail),
          ...streamLines('stderr', e.stderrBytes, e.stderrSha256, e.stderrHead, e.stderrTail),
        ];
      }
      if (s.write) return [`${head}  wrote ${s.write.path} ${s.write.bytes} B sha256 ${s.write.sha256}${s.write.sha256Before ? ` (was ${short(s.write.sha256Before)})` : ' (new file)'}`];
      if (s.name === 'done') return [head];
      return [head, ...indent(s.output, 8, s.ok ? 4 : 8)];
    }
    case 'end':
      return [`${n} ${t}  end ${s.status} (exit ${s.exitCode})${s.reason ? `: ${s.reason}` : ''}`, ...(s.answer ? indent(s.answer, 8, 20) : [])];
    case 'rewind':
      return [`${n} ${t}  rewind to before step ${s.toStep}`, ...s.restored.map((r) => `        ${r.action} ${r.path}${r.error ? `: ${r.error}` : ''}`)];
  }
}

function writeBack(fs: FileView, path: string, data: Buffer, mode: number | undefined): void {
  const tmp = join(dirname(path), `.${process.pid}.${Date.now().toString(36)}.rewind.tmp`);
  const fd = fs.open(tmp, fsc.O_CREAT | fsc.O_EXCL | fsc.O_WRONLY | fsc.O_NOFOLLOW, mode ?? 0o644);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  fs.rename(tmp, path);
}

function readIf(fs: FileView, path: string): Buffer | null {
  if (!fs.lstat(path)) return null;
  return fs.readFile(path);
}

export interface RewindResult {
  toStep: number;
  restored: RewindStep['restored'];
}

/**
 * Undoes the run's writes made at or after step `toStep` (default: all of them), newest
 * first, so each file ends as it was before the first of those writes. Files changed by
 * exec commands are not covered (no snapshot exists for them).
 */
export function rewindRun(store: RunStore, id: string, toStep = 1, fs: FileView = hostView()): RewindResult {
  const run = store.open(id);
  run.assertIntact('rewind');
  run.lock();
  try {
    const writes = run.steps.filter((s): s is CallStep => s.kind === 'call' && s.name === 'write_file' && !!s.snapshot && s.step >= toStep);
    const restored: RewindStep['restored'] = [];
    const seen = new Map<string, RewindStep['restored'][number]>();
    for (const c of [...writes].reverse()) {
      const snap = c.snapshot!;
      let entry: RewindStep['restored'][number];
      try {
        if (snap.existed) {
          const data = readFileSync(join(run.dir, snap.file!));
          if (sha256(data) !== snap.sha256) throw new Error('snapshot is corrupt (sha256 mismatch)');
          const cur = readIf(fs, snap.path);
          if (cur && sha256(cur) === snap.sha256) entry = { path: snap.path, action: 'unchanged' };
          else {
            writeBack(fs, snap.path, data, snap.mode);
            entry = { path: snap.path, action: 'restored' };
          }
        } else if (fs.lstat(snap.path)) {
          fs.unlink(snap.path);
          entry = { path: snap.path, action: 'removed' };
        } else entry = { path: snap.path, action: 'unchanged' };
      } catch (err) {
        entry = { path: snap.path, action: 'failed', error: (err as Error).message };
      }
      // Report each path once, with the action that decided its final state.
      seen.set(snap.path, entry.action === 'unchanged' && seen.get(snap.path) ? seen.get(snap.path)! : entry);
    }
    restored.push(...seen.values());
    run.append({ kind: 'rewind', toStep, restored });
    return { toStep, restored };
  } finally {
    run.unlock();
  }
}
