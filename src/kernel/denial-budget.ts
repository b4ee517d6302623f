// How much one process's denials may cost the kernel. A stage that hammers a read-only
// path (`for each i: open("/usr/x$i", O_WRONLY)`) is refused by the mounts each time, and
// each refusal reaches the kernel as a prediction to explain: unbounded, that was a journal
// record per call (8 MB for 20,000 calls, at the stage's pace, on the user's disk) and a
// held note per distinct path, searched linearly on every new one. Bounded here: the first
// DENIALS_JOURNALED of a process are journaled one by one, then one record every
// DENIAL_SAMPLE carrying the running count; at most NOTES_HELD distinct notes are kept for
// the user (the flag that would allow it is the same for the rest).
export const DENIALS_JOURNALED = 100;
export const DENIAL_SAMPLE = 1000;
export const NOTES_HELD = 20;

export class DenialBudget {
  private readonly counts = new Map<number, number>();

  /** Counts one denial of process `id`: whether to journal it, and how many it has had. */
  take(id: number): { journal: boolean; count: number } {
    const count = (this.counts.get(id) ?? 0) + 1;
    this.counts.set(id, count);
    return { journal: count <= DENIALS_JOURNALED || count % DENIAL_SAMPLE === 0, count };
  }

  /** The process ended. */
  forget(id: number): void {
    this.counts.delete(id);
  }
}
