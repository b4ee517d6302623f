// AGENTS.md: project instructions in the working directory, added to the agent's system
// prompt as Codex and gemini-cli do (https://agents.md). Read in the agent's world through
// the file tools' one read door and the agent's read policy, so a denied or hidden path is never read; capped
// at 32 KiB as Codex caps its project doc. The start step records which file, how big and
// its SHA-256, so `agent trace` shows what the model was told.
import { join } from 'node:path';
import type { FileView } from '../fs-view.js';
import { decideRead, resolveToolPath, type PolicyInput } from './policy.js';
import { sha256 } from './store.js';
import { readTarget, isBinary, ToolError } from './tools.js';

export const INSTRUCTIONS_FILE = 'AGENTS.md';
export const INSTRUCTIONS_LIMIT = 32 * 1024;

export interface Instructions {
  path: string;
  bytes: number;
  sha256: string;
  /** Only the first INSTRUCTIONS_LIMIT bytes went into the prompt. */
  truncated: boolean;
  text: string;
}

/** AGENTS.md of CWD, or null (absent, unreadable, binary or denied: `skipped` says why). */
export function loadInstructions(cwd: string, policy: PolicyInput, fs?: FileView): { found: Instructions | null; skipped?: string } {
  const target = resolveToolPath(cwd, INSTRUCTIONS_FILE, fs);
  const verdict = decideRead(policy, target.abs, target.real);
  if (verdict.action === 'deny') return { found: null, skipped: `${INSTRUCTIONS_FILE} not read: ${verdict.reason}` };
  let t;
  try {
    t = readTarget(target.real, INSTRUCTIONS_FILE, fs);
  } catch (err) {
    return { found: null, skipped: `${INSTRUCTIONS_FILE} not read: ${err instanceof ToolError ? err.message : (err as Error).message}` };
  }
  if (!t) return { found: null };
  if (isBinary(t.data)) return { found: null, skipped: `${INSTRUCTIONS_FILE} not read: it is not a text file` };
  const truncated = t.data.length > INSTRUCTIONS_LIMIT;
  const text = t.data.subarray(0, INSTRUCTIONS_LIMIT).toString('utf8');
  return { found: { path: join(cwd, INSTRUCTIONS_FILE), bytes: t.data.length, sha256: sha256(t.data), truncated, text } };
}
