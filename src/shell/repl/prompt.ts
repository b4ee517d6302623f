// What the prompt says: working directory, the last status when non-zero, running agents.
// Pure, shared by the fast first prompt and the ink Prompt component.

export interface PromptInfo {
  /** The expanded PS1, when set: shown instead of aosh's own prompt. */
  custom?: string | null;
  cwd: string;
  home?: string;
  status: number;
  agents: number;
  columns: number;
}

export interface PromptParts {
  custom?: string;
  cwd: string;
  status: string;
  agents: string;
  symbol: string;
}

export function promptParts(p: PromptInfo): PromptParts {
  if (p.custom != null) return { custom: p.custom, cwd: '', status: '', agents: '', symbol: '' };
  let cwd = p.home && (p.cwd === p.home || p.cwd.startsWith(p.home + '/')) ? '~' + p.cwd.slice(p.home.length) : p.cwd;
  const narrow = p.columns < 40;
  if (narrow || cwd.length > p.columns / 2) {
    const base = cwd.slice(cwd.lastIndexOf('/') + 1);
    cwd = base || cwd;
  }
  return {
    cwd,
    status: p.status ? ` [${p.status}]` : '',
    agents: p.agents ? (narrow ? ` (${p.agents})` : ` (${p.agents} running)`) : '',
    symbol: ' $ ',
  };
}

export function promptString(p: PromptInfo): string {
  const x = promptParts(p);
  if (x.custom !== undefined) return x.custom;
  return x.cwd + x.status + x.agents + x.symbol;
}

/** The prompt for continuation lines (open quote, `if` without `fi`), as bash's PS2. */
export const CONTINUATION = '> ';
