// What a run's recorded steps mean: the prompts a run starts from, and replay(), which
// rebuilds the conversation and counters from steps.jsonl so a resumed run continues
// exactly where the last completed step left it (split from loop.ts).
import type { Message, Usage } from '../llm/types.js';
import type { ApprovalMode, CallStep, EndStep, ModelStep, ResultStep, Step } from './types.js';

export function systemPrompt(cwd: string, mode: ApprovalMode, instructions?: { text: string; truncated: boolean }): string {
  const lines = [
    'You are an autonomous agent working inside aosh, a shell for AI agents.',
    `The working directory is ${cwd}. Paths given to the tools are relative to it.`,
    'Act through the tools: exec runs a shell command (sh -c) in the working directory, inside a sandbox with your permissions;',
    'read_file, write_file and list_dir work on files; think asks a focused sub-question; done ends the task with your final answer.',
    `Approval mode is "${mode}": ${mode === 'auto' ? 'actions your permissions allow run without asking' : mode === 'auto-edit' ? 'writes inside the working directory run without asking; commands need the user\'s approval' : 'every command and every write needs the user\'s approval'}.`,
    'A tool error or a denial (sometimes with the user\'s reason) comes back as the tool result: read it and adapt instead of repeating the same call.',
    'When the task is complete, call done with the answer (what the user should see).',
  ];
  if (instructions) {
    lines.push(
      '',
      'Project instructions from AGENTS.md in the working directory (follow them unless they conflict with the task or your permissions):',
      '',
      instructions.text.replace(/\n+$/, ''),
      ...(instructions.truncated ? ['[... AGENTS.md is longer; only its beginning is shown]'] : []),
    );
  }
  return lines.join('\n');
}

export function initialPrompt(task: string, context?: string): string {
  if (!context) return task;
  return `Context (from standard input):\n\n${context.replace(/\n+$/, '')}\n\nTask: ${task}`;
}

export const callKey = (turn: number, index: number): string => `${turn}:${index}`;

export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** What a run's steps say: the conversation so far, counters, and what is left to do. */
export interface RunState {
  system: string;
  messages: Message[];
  turns: number;
  usage: Usage;
  costUsd: number;
  lastModel: ModelStep | null;
  calls: Map<string, CallStep>;
  results: Map<string, ResultStep>;
  end: EndStep | null;
  resumes: number;
  lastCallKey: string | null;
  repeat: number;
  denialStreak: number;
  /** Denied calls in the whole run (for the end notice and meta.json). */
  denials: number;
  model?: string;
  provider?: string;
}

export function replay(steps: Step[]): RunState {
  const st: RunState = {
    system: '',
    messages: [],
    turns: 0,
    usage: { input: 0, output: 0 },
    costUsd: 0,
    lastModel: null,
    calls: new Map(),
    results: new Map(),
    end: null,
    resumes: 0,
    lastCallKey: null,
    repeat: 0,
    denialStreak: 0,
    denials: 0,
  };
  for (const s of steps) {
    switch (s.kind) {
      case 'start':
        st.system = s.system;
        st.messages.push({ role: 'user', content: initialPrompt(s.task, s.context) });
        break;
      case 'resume':
        st.resumes++;
        st.end = null;
        break;
      case 'model':
        st.turns = Math.max(st.turns, s.turn);
        st.usage.input += s.usage.input;
        st.usage.output += s.usage.output;
        st.costUsd += s.costUsd;
        st.lastModel = s;
        st.model = s.model;
        st.provider = s.provider;
        st.messages.push({ role: 'assistant', content: s.content, ...(s.toolCalls.length ? { toolCalls: s.toolCalls } : {}) });
        break;
      case 'call': {
        st.calls.set(callKey(s.turn, s.index), s);
        const key = `${s.name}:${stableJson(s.arguments)}`;
        st.repeat = key === st.lastCallKey ? st.repeat + 1 : 1;
        st.lastCallKey = key;
        break;
      }
      case 'result': {
        st.results.set(callKey(s.turn, s.index), s);
        if (s.usage) {
          st.usage.input += s.usage.input;
          st.usage.output += s.usage.output;
          st.costUsd += s.costUsd ?? 0;
        }
        const call = st.calls.get(callKey(s.turn, s.index));
        // An invalid call (bad arguments) is recorded as denied with its error; it is not a denial of the user's.
        if (call?.decision === 'denied' && !s.output.startsWith('error: ')) {
          st.denialStreak++;
          st.denials++;
        } else if (s.name !== 'done') {
          st.denialStreak = 0;
        }
        st.messages.push({ role: 'tool', toolCallId: s.callId, name: s.name, content: s.output });
        break;
      }
      case 'end':
        st.end = s;
        break;
      case 'rewind':
        break;
    }
  }
  return st;
}
