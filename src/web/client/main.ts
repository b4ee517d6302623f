// The dashboard page: one WebSocket to aosh (token from the page's own URL), the overview and
// the per-process page (#/proc/ID), charts of the session's cpu, memory and token rate.
import type { Sample, ServerMsg, SessionInfo, StateMsg } from '../protocol.js';
import { AgentPage } from './agent-page.js';
import { LineChart, type Point } from './chart.js';
import { Conn } from './conn.js';
import { $, setText } from './dom.js';
import { bytes, count, pct, usd } from './format.js';
import { Approvals, AuditTail, ProcTable, renderChannels, renderCounts, renderLlm } from './overview.js';

const token = new URLSearchParams(location.search).get('token') ?? '';
const conn = new Conn(`ws://${location.host}/ws?token=${encodeURIComponent(token)}`);

const charts = {
  cpu: new LineChart($('#chart-cpu'), 'CPU (all stages, % of one core)', pct, 'rgb(108,182,255)', 600, 100),
  mem: new LineChart($('#chart-mem'), 'Memory (all stages)', bytes, 'rgb(87,199,133)', 600, 0, true),
  tok: new LineChart($('#chart-tok'), 'LLM tokens per second', (v) => `${count(Math.round(v))}/s`, 'rgb(179,146,240)', 600),
};
const procs = new ProcTable($('#procs'), $('#procs-empty'));
const approvals = new Approvals($('#approvals'), $('#approvals-count'));
const audit = new AuditTail($('#audit'));
const agent = new AgentPage();
let session: SessionInfo | null = null;
let last: StateMsg | null = null;
let lastSample: Sample | null = null;

function tokenPoints(series: Sample[]): Point[] {
  const out: Point[] = [];
  for (let i = 1; i < series.length; i++) {
    const a = series[i - 1]!;
    const b = series[i]!;
    out.push({ t: b.t, v: b.t > a.t ? Math.max(0, (b.tokens - a.tokens) / ((b.t - a.t) / 1000)) : 0 });
  }
  return out;
}

conn.onStatus = (s, retry) => {
  const el = $('#conn');
  el.className = `conn conn-${s}`;
  setText(el, s === 'open' ? 'live' : s === 'connecting' ? 'connecting' : `reconnecting in ${((retry ?? 0) / 1000).toFixed(1)} s`);
  $('#banner').classList.toggle('hidden', s === 'open');
  if (s !== 'open') setText($('#banner'), session ? 'Lost the connection to aosh: the figures below are as they last were; reconnecting by itself.' : 'Connecting to aosh…');
};

conn.onMessage = (m: ServerMsg) => {
  switch (m.t) {
    case 'hello': {
      const restarted = session !== null && session.id !== m.session.id;
      session = m.session;
      setText($('#session'), `pid ${m.session.pid} · ${m.session.cwd} · sandbox ${m.session.sandbox}, isolation ${m.session.isolation} · v${m.session.version}`);
      charts.cpu.set(m.series.map((s) => ({ t: s.t, v: s.cpu })));
      charts.mem.set(m.series.map((s) => ({ t: s.t, v: s.memory })));
      charts.tok.set(tokenPoints(m.series));
      lastSample = m.series[m.series.length - 1] ?? null;
      audit.reset(m.audit);
      if (restarted && agent.id !== null) location.hash = '#/';
      route();
      break;
    }
    case 'state':
      onState(m);
      break;
    case 'audit':
      audit.add(m.lines);
      break;
    case 'agent':
      agent.loaded(m);
      break;
    case 'append':
      agent.append(m);
      break;
    default:
      break;
  }
};

function onState(m: StateMsg): void {
  last = m;
  procs.update(m.procs, m.now);
  approvals.update(m.approvals);
  renderCounts($('#counts'), m.counts);
  renderChannels($('#channels'), $('#channels-empty'), m.channels);
  renderLlm($('#llm'), m.llm);
  const tokens = m.llm.agents.reduce((n, a) => n + a.inputTokens + a.outputTokens, 0);
  const cost = m.llm.agents.reduce((n, a) => n + a.usd, 0);
  setText($('#totals'), `${count(tokens)} tokens · ${usd(cost)}`);
  if (m.sample) {
    charts.cpu.push({ t: m.sample.t, v: m.sample.cpu });
    charts.mem.push({ t: m.sample.t, v: m.sample.memory });
    if (lastSample && m.sample.t > lastSample.t) charts.tok.push({ t: m.sample.t, v: Math.max(0, (m.sample.tokens - lastSample.tokens) / ((m.sample.t - lastSample.t) / 1000)) });
    lastSample = m.sample;
  }
  if (agent.id !== null) agent.update(m.procs.find((p) => p.id === agent.id), m.now, m.sample !== null);
  document.title = `aosh · ${m.counts.running ?? 0} running${m.approvals.length ? ` · ${m.approvals.length} waiting` : ''}`;
}

function route(): void {
  const mm = /^#\/proc\/(\d+)$/.exec(location.hash);
  $('#overview').classList.toggle('hidden', !!mm);
  $('#agent').classList.toggle('hidden', !mm);
  if (mm) {
    const id = Number(mm[1]);
    agent.open(id);
    void conn.request({ t: 'watch', id });
    if (last) agent.update(last.procs.find((p) => p.id === id), last.now, false);
  } else if (agent.id !== null) {
    agent.id = null;
    void conn.request({ t: 'watch', id: null });
  }
}
window.addEventListener('hashchange', route);

// Buttons anywhere: signals and approvals, by data attributes (rows are updated in place).
document.addEventListener('click', (ev) => {
  const el = (ev.target as HTMLElement).closest('button');
  if (!el) return;
  if (el.dataset.action && el.dataset.id) {
    const id = Number(el.dataset.id);
    const signal = el.dataset.action as 'TERM' | 'STOP' | 'CONT';
    el.setAttribute('disabled', '');
    void conn.request({ t: 'signal', id, signal }).then((r) => {
      el.removeAttribute('disabled');
      if (!r.ok) flash(r.error ?? 'failed');
    });
  } else if (el.dataset.approve) {
    const id = Number(el.dataset.approve);
    const decision = el.dataset.decision as 'once' | 'session' | 'deny';
    const card = el.closest('.approval');
    const reason = (card?.querySelector('input.reason') as HTMLInputElement | null)?.value.trim() || undefined;
    card?.querySelectorAll('button').forEach((b) => b.setAttribute('disabled', ''));
    void conn.request({ t: 'approve', id, decision, ...(decision === 'deny' && reason ? { reason } : {}) }).then((r) => {
      if (!r.ok) flash(r.error ?? 'failed');
    });
  }
});

const form = $('#spawn') as HTMLFormElement;
form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const f = new FormData(form);
  const get = (k: string): string => String(f.get(k) ?? '').trim();
  const out = $('#spawn-result');
  setText(out, 'starting…');
  out.className = 'result';
  void conn.request({ t: 'spawn', command: get('command'), name: get('name') || undefined, mem: get('mem') || undefined, cpu: get('cpu') || undefined, pids: get('pids') || undefined, flags: get('flags') || undefined, restart: get('restart') || undefined }).then((r) => {
    if (r.ok) {
      const res = r.result as { id: number; name: string; pid: number | null };
      setText(out, `started [${res.id}] ${res.name} pid=${res.pid ?? '-'}`);
      out.className = 'result ok';
      (form.elements.namedItem('command') as HTMLInputElement).value = '';
      (form.elements.namedItem('name') as HTMLInputElement).value = '';
    } else {
      setText(out, r.error ?? 'failed');
      out.className = 'result err';
    }
  });
});

function flash(text: string): void {
  const b = $('#banner');
  b.classList.remove('hidden');
  setText(b, text);
  setTimeout(() => {
    if (conn.open) b.classList.add('hidden');
  }, 4000);
}

conn.connect();
