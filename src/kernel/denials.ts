// What the sandbox refused, turned into notes for the shell and records for the journal.
// The shell's own refusals (a redirection into a read-only path) are said at once. A running
// stage's refused writes are held and said only if the stage fails: a program that tries a
// write and copes (python's __pycache__ next to a read-only module, a tool's cache in a
// read-only $HOME) has nothing to explain. Refused connections are said at once: a program
// that catches them still lost what it wanted. The journal records every denial, within a
// per-process budget (denial-budget.ts).
import { resolve as pathResolve } from 'node:path';

import { DenialBudget, DENIALS_JOURNALED, NOTES_HELD } from './denial-budget.js';
import { isLive, type ProcEntry } from './process-table.js';
import type { Denial, World } from './world/world.js';

export interface DenialSinks {
  /** The kernel entry of a world's stage, by the world's stage number. */
  stageOf(world: World, stage: number): ProcEntry | undefined;
  denied(payload: { id: number | null; name: string; rule: string; action: string }): void;
  audit(type: string, fields: Record<string, unknown>): void;
}

export class DenialNotes {
  /** Notes for the shell: denials seen since the last take (one line each, deduplicated). */
  private readonly notes: string[] = [];
  private readonly held = new Map<number, string[]>();
  private readonly budget = new DenialBudget();

  constructor(private readonly sinks: DenialSinks) {}

  get pending(): boolean {
    return this.notes.length > 0;
  }

  take(): string[] {
    return this.notes.splice(0);
  }

  /** The shell's own file access through a world was refused. */
  fsDenied(w: World, what: string, path: string, err: NodeJS.ErrnoException): void {
    if (err.code !== 'EACCES' && err.code !== 'EROFS' && err.code !== 'EPERM') return;
    const note = w.explain(path, err.code);
    if (!note) return;
    this.denial({ kind: 'fs', detail: `${what} ${path}: ${err.code}` }, note, w);
  }

  /** A stage hit the sandbox (a refused connect(), a write the world refuses). */
  stageDenied(world: World, d: Denial): void {
    let note: string | null;
    if (d.note) note = d.note; // worded by its reporter (the net proxy)
    else if (d.kind === 'unix') note = `${d.detail} is a host socket: no access without the network (allow with --allow-net)`;
    else if (d.kind === 'net' && world.net) note = `${d.detail}: no direct connections from this sandbox; only ${world.net.allow.join(', ') || 'nothing'} through aosh's proxy ($HTTPS_PROXY)`;
    else if (d.kind === 'net') note = 'network is off for this command (allow with --allow-net or --allow-net=HOST)';
    else if (d.kind === 'fs') {
      const sp = d.detail.indexOf(' ');
      note = world.explain(d.detail.slice(sp + 1), d.detail.slice(0, sp));
    } else note = `${d.kind}: ${d.detail}`;
    // A prediction that matches no rule of the world (an ordinary permission error) says nothing.
    if (note) this.denial(d, note, world);
  }

  /** A process ended: a failed stage's held notes are said, and its hidden arguments. */
  ended(entry: ProcEntry, stage?: { world: World; argv: string[]; cwd: string }): void {
    const held = this.held.get(entry.id);
    this.held.delete(entry.id);
    this.budget.forget(entry.id);
    if (entry.status === 0) return;
    for (const n of held ?? []) this.note(n);
    if (stage) this.noteHiddenArgs(stage.world, stage);
  }

  private note(line: string): void {
    if (!this.notes.includes(line)) this.notes.push(line);
  }

  private denial(d: Denial, note: string, w: World): void {
    const entry = d.stage !== undefined ? this.sinks.stageOf(w, d.stage) : undefined;
    if (entry && d.kind === 'fs' && isLive(entry)) {
      const held = this.held.get(entry.id) ?? [];
      if (held.length < NOTES_HELD && !held.includes(note)) held.push(note);
      this.held.set(entry.id, held);
    } else this.note(note);
    // A stage's denials are bounded (denial-budget.ts); the shell's own come one per action.
    const budget = entry ? this.budget.take(entry.id) : { journal: true, count: 1 };
    if (!budget.journal) return;
    this.sinks.denied({ id: entry?.id ?? null, name: entry?.name ?? w.label, rule: note, action: d.detail });
    const count = budget.count > DENIALS_JOURNALED ? { count: budget.count } : {};
    if (d.record) this.sinks.audit(d.record.type, { ...d.record.fields, proc: entry?.id, ...count });
    else this.sinks.audit('denied', { world: w.label, kind: d.kind, detail: d.detail, note, proc: entry?.id, ...count });
  }

  /**
   * A stage that failed with a hidden path among its arguments (`cat ~/.ssh/id_rsa`) most
   * likely failed on it: say so. Only strings are compared (no file access), and reads are
   * not observed in stages (that would cost a notification per open).
   */
  private noteHiddenArgs(world: World, spec: { argv: string[]; cwd: string }): void {
    for (const a of spec.argv.slice(1)) {
      if (!a.includes('/') && !a.startsWith('.')) continue;
      const abs = pathResolve(spec.cwd, a.replace(/^~(?=\/|$)/, process.env.HOME ?? '~'));
      const note = world.explain(abs, 'EACCES');
      if (note && world.policy.hidden.some((h) => abs === h || abs.startsWith(h + '/'))) {
        this.denial({ kind: 'fs', detail: `read ${abs}` }, note, world);
        return;
      }
    }
  }
}
