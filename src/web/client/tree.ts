// The process table as a tree: children under their parent (the task that started them),
// and the stages of one pipeline grouped under a pipeline row. A background pipeline's stages
// share a job number. A foreground pipeline's do not have one, so they are recognised as what
// they are: siblings with consecutive ids started together (within GROUP_MS) and alive at the
// same time; commands run one after another never overlap, and agents are never grouped.
import type { ProcView } from '../protocol.js';

const GROUP_MS = 100;

export type Row = { kind: 'proc'; key: string; depth: number; proc: ProcView } | { kind: 'group'; key: string; depth: number; job: number | null; members: ProcView[] };

function samePipeline(a: ProcView, b: ProcView): boolean {
  if (a.job !== null || b.job !== null) return a.job === b.job;
  if (a.agent || b.agent || b.id !== a.id + 1) return false;
  return b.startedAt - a.startedAt < GROUP_MS && (a.endedAt === null || b.startedAt <= a.endedAt);
}

export function treeRows(procs: ProcView[]): Row[] {
  const byId = new Map(procs.map((p) => [p.id, p]));
  const kids = new Map<number | null, ProcView[]>();
  for (const p of procs) {
    const parent = p.parent !== null && byId.has(p.parent) && p.parent !== p.id ? p.parent : null;
    let list = kids.get(parent);
    if (!list) kids.set(parent, (list = []));
    list.push(p);
  }
  const out: Row[] = [];
  const seen = new Set<number>();
  const walk = (parent: number | null, depth: number): void => {
    const list = (kids.get(parent) ?? []).filter((p) => !seen.has(p.id)).sort((a, b) => a.id - b.id);
    // Runs of siblings that form one pipeline; a job's stages join even when not adjacent.
    const groups: ProcView[][] = [];
    const byJob = new Map<number, ProcView[]>();
    for (const p of list) {
      if (p.job !== null) {
        const g = byJob.get(p.job);
        if (g) {
          g.push(p);
          continue;
        }
        const ng = [p];
        byJob.set(p.job, ng);
        groups.push(ng);
        continue;
      }
      const cur = groups[groups.length - 1];
      const tail = cur?.[cur.length - 1];
      if (cur && tail && tail.job === null && samePipeline(tail, p)) cur.push(p);
      else groups.push([p]);
    }
    for (const g of groups) {
      if (g.length > 1) {
        out.push({ kind: 'group', key: `g${g[0]!.id}`, depth, job: g[0]!.job, members: g });
        for (const m of g) {
          seen.add(m.id);
          out.push({ kind: 'proc', key: `p${m.id}`, depth: depth + 1, proc: m });
          walk(m.id, depth + 2);
        }
      } else {
        seen.add(g[0]!.id);
        out.push({ kind: 'proc', key: `p${g[0]!.id}`, depth, proc: g[0]! });
        walk(g[0]!.id, depth + 1);
      }
    }
  };
  walk(null, 0);
  // Anything in a parent cycle (should not happen) still shows.
  for (const p of procs) if (!seen.has(p.id)) out.push({ kind: 'proc', key: `p${p.id}`, depth: 0, proc: p });
  return out;
}
