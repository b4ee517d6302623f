// Stage defaults: the limits every stage gets, and the isolation level a stage achieves.
// The sandbox itself is the stage's world: src/kernel/world/.
import type { Isolation, Limits } from './process-table.js';

/**
 * Limits every stage gets unless aosh's --mem/--cpu/--pids or the stage's own say
 * otherwise: a pids ceiling (a fork bomb stays contained); memory and cpu unlimited.
 */
export const DEFAULT_STAGE_LIMITS: Limits = { pids: 4096 };

/**
 * `full` as root with cgroup limits (every namespace, the limits, no capabilities);
 * `userns` otherwise (not root: a user namespace too; or no usable cgroup controller).
 */
export function achievedIsolation(limitsApplied: boolean): Isolation {
  return process.getuid?.() === 0 && limitsApplied ? 'full' : 'userns';
}
