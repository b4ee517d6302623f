// The overview: process tree, approvals, channels, LLM use and the audit tail. Rows are keyed
// and updated in place, so a button under the pointer survives the once-a-second refresh.
import type { ApprovalView, AuditLine, BudgetView, ChannelView, ProcView, StateMsg } from '../protocol.js';
import { $, clear, h, setClass, setText } from './dom.js';
import { bytes, count, duration, outcome, pct, stateClass, usd } from './format.js';
import { treeRows, type Row } from './tree.js';

const LIVE = new Set(['running', 'stopped', 'restarting']);

export function isLive(p: ProcView): boolean {
  return LIVE.has(p.state);
}

/** Buttons for a process: STOP or CONT, and Kill, while it lives. */
export function actionButtons(p: ProcView): HTMLElement[] {
  if (!isLive(p)) return [];
  const b = (label: string, action: string, cls = ''): HTMLElement => h('button', { type: 'button', 'data-action': action, 'data-id': String(p.id), class: cls, title: `${action} ${p.name} (${p.id})` }, label);
  return [p.state === 'stopped' ? b('CONT', 'CONT') : b('STOP', 'STOP'), b('Kill', 'TERM', 'danger')];
}

export class ProcTable {
  private readonly body: HTMLElement;
  private readonly rows = new Map<string, HTMLTableRowElement>();

  constructor(private readonly table: HTMLElement, private readonly empty: HTMLElement) {
    this.body = $('tbody', table);
  }

  update(procs: ProcView[], now: number): void {
    const rows = treeRows(procs);
    const keep = new Set(rows.map((r) => r.key));
    for (const [key, tr] of this.rows) {
      if (keep.has(key)) continue;
      tr.remove();
      this.rows.delete(key);
    }
    let prev: Element | null = null;
    for (const r of rows) {
      let tr = this.rows.get(r.key);
      if (!tr) {
        tr = r.kind === 'group' ? groupRow() : procRow();
        this.rows.set(r.key, tr);
      }
      if (r.kind === 'group') fillGroup(tr, r);
      else fillProc(tr, r, now);
      // Keep DOM order = tree order, moving only rows that are out of place.
      const want: Element | null = prev ? prev.nextElementSibling : this.body.firstElementChild;
      if (want !== tr) this.body.insertBefore(tr, want);
      prev = tr;
    }
    this.empty.classList.toggle('hidden', rows.length > 0);
    this.table.classList.toggle('hidden', rows.length === 0);
  }
}

function procRow(): HTMLTableRowElement {
  const tr = h('tr');
  const cells = ['name', 'id', 'pid', 'state', 'iso', 'cpu num', 'mem num', 'pids num', 'restarts num', 'tokens num', 'cost num', 'ended', 'uptime', 'actions'];
  for (const c of cells) tr.append(h('td', c));
  const name = tr.firstElementChild!;
  name.append(h('span', 'indent'), h('a', { href: '#' }), h('span', 'cmd'));
  return tr;
}

function groupRow(): HTMLTableRowElement {
  const tr = h('tr', 'group');
  const td = h('td', { colspan: '14' }, h('span', 'indent'), h('span', 'label'));
  tr.append(td);
  return tr;
}

function fillGroup(tr: HTMLTableRowElement, r: Extract<Row, { kind: 'group' }>): void {
  const indent = tr.querySelector('.indent') as HTMLElement;
  indent.style.width = `${r.depth * 16}px`;
  const live = r.members.filter(isLive).length;
  setText(tr.querySelector('.label')!, `pipeline${r.job !== null ? ` · job ${r.job}` : ''} · ${r.members.length} stages${live ? ` · ${live} running` : ''}`);
}

function fillProc(tr: HTMLTableRowElement, r: Extract<Row, { kind: 'proc' }>, now: number): void {
  const p = r.proc;
  setClass(tr, isLive(p) ? '' : 'ended');
  tr.dataset.id = String(p.id);
  const td = tr.children;
  const indent = td[0]!.children[0] as HTMLElement;
  const width = `${r.depth * 16}px`;
  if (indent.style.width !== width) indent.style.width = width;
  const link = td[0]!.children[1] as HTMLAnchorElement;
  setText(link, p.name);
  const href = `#/proc/${p.id}`;
  if (link.getAttribute('href') !== href) link.setAttribute('href', href);
  setText(td[0]!.children[2]!, p.command === p.name ? '' : p.command);
  (td[0] as HTMLElement).title = p.command;
  setText(td[1]!, String(p.id));
  setText(td[2]!, p.pid === null ? '–' : String(p.pid));
  let badge = td[3]!.firstElementChild as HTMLElement | null;
  if (!badge) td[3]!.append((badge = h('span')));
  setClass(badge, `badge ${stateClass(p.state)}`);
  setText(badge, p.state);
  setText(td[4]!, p.kind === 'task' ? 'task' : p.isolation);
  setText(td[5]!, pct(p.cpu));
  setText(td[6]!, p.memory === null ? '–' : bytes(p.memory));
  setText(td[7]!, p.pids === null ? '–' : String(p.pids));
  setText(td[8]!, p.restarts ? String(p.restarts) : '');
  setText(td[9]!, p.tokens ? count(p.tokens) : '');
  setText(td[10]!, p.usd ? usd(p.usd) : '');
  setText(td[11]!, outcome(p));
  setText(td[12]!, duration((p.endedAt ?? now) - p.startedAt));
  const actions = td[13] as HTMLElement;
  const wantKey = isLive(p) ? (p.state === 'stopped' ? 'cont' : 'stop') : 'none';
  if (actions.dataset.key !== wantKey) {
    clear(actions);
    actions.append(...actionButtons(p));
    actions.dataset.key = wantKey;
  }
}

export function renderCounts(el: HTMLElement, counts: Record<string, number>): void {
  const order = ['running', 'stopped', 'restarting', 'exited', 'killed', 'oom-killed', 'failed'];
  const want = order.filter((s) => counts[s]).map((s) => `${s} ${counts[s]}`).join('|');
  if (el.dataset.key === want) return;
  el.dataset.key = want;
  clear(el);
  for (const s of order) if (counts[s]) el.append(h('span', `badge ${stateClass(s)}`, `${s} ${counts[s]}`));
}

export class Approvals {
  private readonly cards = new Map<number, HTMLElement>();

  constructor(private readonly root: HTMLElement, private readonly pill: HTMLElement) {}

  update(list: ApprovalView[]): void {
    const keep = new Set(list.map((a) => a.id));
    for (const [id, el] of this.cards) {
      if (keep.has(id)) continue;
      el.remove();
      this.cards.delete(id);
    }
    for (const a of list) {
      if (this.cards.has(a.id)) continue;
      const btn = (label: string, decision: string, cls: string): HTMLElement => h('button', { type: 'button', class: cls, 'data-approve': String(a.id), 'data-decision': decision }, label);
      const card = h(
        'div',
        { class: 'approval', 'data-approval': String(a.id) },
        h('div', 'who', `${a.requester} asks to ${a.kind}`),
        h('div', 'what', a.title),
        a.detail ? h('div', 'detail', a.detail) : null,
        h('div', 'actions', btn('Allow once', 'once', 'allow'), btn(a.sessionScope ? `Allow ${a.sessionScope} for the session` : 'Allow for the session', 'session', 'allow'), btn('Deny', 'deny', 'deny'), h('input', { class: 'reason', placeholder: 'reason for denying (optional, told to the agent)', 'aria-label': 'reason for denying' })),
      );
      this.cards.set(a.id, card);
      this.root.append(card);
    }
    const placeholder = this.root.querySelector('p');
    placeholder?.classList.toggle('hidden', list.length > 0);
    setText(this.pill, String(list.length));
    setClass(this.pill, list.length ? 'pill hot' : 'pill');
  }
}

export function renderChannels(table: HTMLElement, empty: HTMLElement, list: ChannelView[]): void {
  const body = $('tbody', table);
  clear(body);
  for (const c of list) body.append(h('tr', '', h('td', '', c.name), h('td', '', c.kind), h('td', '', `${c.from} → ${c.to}`), h('td', 'num', bytes(c.bytes)), h('td', 'num', c.rate === null ? '–' : `${bytes(Math.round(c.rate))}/s`)));
  empty.classList.toggle('hidden', list.length > 0);
  table.classList.toggle('hidden', list.length === 0);
}

export function renderLlm(el: HTMLElement, llm: StateMsg['llm']): void {
  clear(el);
  for (const b of llm.budgets) el.append(budget(b));
  if (llm.agents.length === 0 && llm.budgets.length === 0) {
    el.append(h('p', 'muted', 'No LLM calls yet.'));
    return;
  }
  const t = h('table', 'small', h('thead', '', h('tr', '', h('th', '', 'agent'), h('th', 'num', 'calls'), h('th', 'num', 'in'), h('th', 'num', 'out'), h('th', 'num', 'cost'))));
  const body = h('tbody');
  for (const a of llm.agents) body.append(h('tr', '', h('td', '', a.agent), h('td', 'num', `${a.requests}${a.errors ? ` (${a.errors} failed)` : ''}`), h('td', 'num', count(a.inputTokens)), h('td', 'num', count(a.outputTokens)), h('td', 'num', usd(a.usd))));
  t.append(body);
  el.append(t, h('p', 'muted', `scheduler: ${llm.queued} queued, ${llm.inFlight} in flight`));
}

function budget(b: BudgetView): HTMLElement {
  const parts: HTMLElement[] = [];
  const bar = (used: number, limit: number, label: string): void => {
    const frac = limit > 0 ? Math.min(1, used / limit) : 1;
    const fill = h('div', frac >= 1 ? 'over' : frac > 0.8 ? 'warn' : '');
    fill.style.width = `${(frac * 100).toFixed(1)}%`;
    parts.push(h('div', 'muted', label), h('div', 'bar', fill));
  };
  if (b.limitTokens !== undefined) bar(b.usedTokens + b.reservedTokens, b.limitTokens, `${b.budget}: ${count(b.usedTokens)} / ${count(b.limitTokens)} tokens`);
  if (b.limitUsd !== undefined) bar(b.usedUsd + b.reservedUsd, b.limitUsd, `${b.budget}: ${usd(b.usedUsd)} / ${usd(b.limitUsd)}`);
  return h('div', 'llm-budget', ...parts);
}

export class AuditTail {
  constructor(private readonly root: HTMLElement) {}

  reset(lines: AuditLine[]): void {
    clear(this.root);
    this.add(lines);
  }

  add(lines: AuditLine[]): void {
    const stick = this.root.scrollTop + this.root.clientHeight >= this.root.scrollHeight - 4;
    for (const l of lines) {
      const row = h('div', '', h('span', 'muted', l.ts.slice(11, 19)), h('span', `type${/denied/.test(l.type) ? ' denied' : ''}`, l.type), l.text);
      row.title = `${l.seq} ${l.ts} ${l.type} ${l.text}`;
      this.root.append(row);
    }
    while (this.root.childElementCount > 300) this.root.firstElementChild!.remove();
    if (stick) this.root.scrollTop = this.root.scrollHeight;
  }
}
