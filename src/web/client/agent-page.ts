// One process's page (#/proc/ID): its state and actions, cpu/memory charts, limits and
// permissions, and its output streaming: stdout/stderr when the kernel holds them, the log the
// kernel keeps for agents, and the last LLM answer.
import type { AgentFile, ProcView, ServerMsg } from '../protocol.js';
import { LineChart } from './chart.js';
import { $, clear, h, setText } from './dom.js';
import { bytes, count, duration, outcome, pct, usd } from './format.js';
import { actionButtons } from './overview.js';

const TABS: { file: AgentFile; label: string }[] = [
  { file: 'stdout', label: 'stdout' },
  { file: 'stderr', label: 'stderr' },
  { file: 'log', label: 'kernel log' },
  { file: 'output', label: 'last answer' },
];
/** Per file, what the page keeps. */
const KEEP_CHARS = 256 * 1024;

export class AgentPage {
  id: number | null = null;
  private readonly cpu: LineChart;
  private readonly mem: LineChart;
  private files: Partial<Record<AgentFile, string>> = {};
  private tab: AgentFile = 'log';
  private captured = false;
  private actionsKey = '';

  constructor() {
    this.cpu = new LineChart($('#agent-cpu'), 'CPU', pct, 'rgb(108,182,255)', 300, 100);
    this.mem = new LineChart($('#agent-mem'), 'Memory', bytes, 'rgb(87,199,133)', 300, 0, true);
    const tabs = $('#agent-tabs');
    for (const t of TABS) {
      const b = h('button', { type: 'button', 'data-tab': t.file }, t.label);
      b.addEventListener('click', () => this.show(t.file));
      tabs.append(b);
    }
  }

  open(id: number): void {
    this.id = id;
    this.files = {};
    this.actionsKey = '';
    this.cpu.set([]);
    this.mem.set([]);
    setText($('#agent-title'), `process ${id}`);
    clear($('#agent-info'));
    setText($('#agent-stream'), '');
  }

  /** The server's answer to watch: history and the files so far. */
  loaded(m: Extract<ServerMsg, { t: 'agent' }>): void {
    if (m.id !== this.id) return;
    this.files = { ...m.files };
    this.captured = m.captured;
    this.cpu.set(m.series.map((p) => ({ t: p.t, v: p.cpu })));
    this.mem.set(m.series.map((p) => ({ t: p.t, v: p.memory })));
    setText($('#agent-limits'), m.limits);
    setText($('#agent-perms'), m.permissions);
    this.show(this.captured && this.files.stdout ? 'stdout' : this.files.log !== undefined ? 'log' : this.tab);
  }

  append(m: Extract<ServerMsg, { t: 'append' }>): void {
    if (m.id !== this.id) return;
    const prev = m.reset ? '' : (this.files[m.file] ?? '');
    let next = prev + m.data;
    if (next.length > KEEP_CHARS) next = next.slice(next.length - KEEP_CHARS);
    this.files[m.file] = next;
    if (m.file === 'stdout') this.captured = true;
    if (m.file === this.tab) this.render(true);
  }

  /** Each state push: the row for this process, and a chart point when it is a sample. */
  update(p: ProcView | undefined, now: number, sampled: boolean): void {
    if (!p) {
      setText($('#agent-title'), `process ${this.id} (no longer in the process table)`);
      return;
    }
    const title = $('#agent-title');
    clear(title);
    title.append(`${p.name} `, h('span', `badge st-${p.state}`, p.state), h('span', 'muted', `  id ${p.id}${p.pid !== null ? ` · pid ${p.pid}` : ''}`));
    const key = `${p.state}`;
    if (key !== this.actionsKey) {
      const actions = $('#agent-actions');
      clear(actions);
      actions.append(...actionButtons(p));
      this.actionsKey = key;
    }
    const info = $('#agent-info');
    clear(info);
    const row = (k: string, v: string): void => void info.append(h('dt', '', k), h('dd', '', v));
    row('command', p.command);
    row('kind', `${p.kind}${p.agent ? ' (agent)' : ''}`);
    row('isolation', p.isolation);
    row('uptime', duration((p.endedAt ?? now) - p.startedAt));
    row('cpu', `${pct(p.cpu)}${p.cpuSeconds !== null ? ` (${p.cpuSeconds.toFixed(2)} s total)` : ''}`);
    row('memory', `${bytes(p.memory)}${p.memoryPeak !== null ? ` (peak ${bytes(p.memoryPeak)})` : ''}`);
    row('pids', p.pids === null ? '–' : String(p.pids));
    row('restarts', String(p.restarts));
    row('LLM', `${p.llmRequests} calls, ${count(p.tokens)} tokens, ${usd(p.usd)}`);
    if (!LIVE.has(p.state)) row('ended', `${outcome(p)}${p.endedAt ? ` at ${new Date(p.endedAt).toLocaleTimeString()}` : ''}`);
    if (sampled && LIVE.has(p.state)) {
      this.cpu.push({ t: now, v: p.cpu });
      this.mem.push({ t: now, v: p.memory });
    }
  }

  private show(file: AgentFile): void {
    this.tab = file;
    for (const b of $('#agent-tabs').querySelectorAll('button')) b.classList.toggle('on', b.dataset.tab === file);
    this.render(false);
  }

  private render(appended: boolean): void {
    const pre = $('#agent-stream');
    const stick = !appended || pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    setText(pre, this.files[this.tab] ?? '');
    if (stick) pre.scrollTop = pre.scrollHeight;
    const note = $('#agent-note');
    if ((this.tab === 'stdout' || this.tab === 'stderr') && !this.captured) setText(note, "The kernel does not hold this process's output: it goes where the shell sent it (the terminal, a file or a pipe). Agents started from this page write to agents/NAME/stdout and stderr.");
    else if (this.tab === 'output' && !this.files.output) setText(note, 'No completed LLM answer yet.');
    else if (this.tab === 'log' && this.files.log === undefined) setText(note, 'The kernel keeps a log for agents (spawn, SPAWN, or started here).');
    else setText(note, '');
  }
}

const LIVE = new Set(['running', 'stopped', 'restarting']);
