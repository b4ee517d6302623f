// conv: list, show, search, fork and remove the conversations `think` keeps under
// $AOSH_HOME/conversations/. Loads the LLM layer lazily (see think.ts).
import type { Builtin, BuiltinContext } from './types.js';

const USAGE = 'usage: conv ls [-n N | -a] [--json] | conv show [--json] [ID] | conv search [-n N] [--json] TEXT | conv rm ID... | conv fork ID | conv path ID';

/** -n N / -a (all) from the front of ARGS; the rest is returned. */
function limitOf(args: string[], fallback: number): { limit: number; rest: string[] } | string {
  if (args[0] === '-a') return { limit: Infinity, rest: args.slice(1) };
  if (args[0] === '-n') {
    const n = Number(args[1]);
    if (!Number.isInteger(n) || n < 0) return `-n: bad count: ${args[1] ?? ''}`;
    return { limit: n, rest: args.slice(2) };
  }
  return { limit: fallback, rest: args };
}

async function run(ctx: BuiltinContext): Promise<number> {
  const { ConversationStore, aoshHome } = await import('../kernel/llm/index.js');
  const say = async (msg: string, status: number): Promise<number> => {
    await ctx.stderr.write(`${ctx.name}: ${msg}\n`).catch(() => undefined);
    return status;
  };
  // A reader that went away (conv ls | head -1) ends the listing quietly, as in bash.
  let closed = false;
  const out = async (text: string): Promise<void> => {
    if (closed) return;
    try {
      await ctx.stdout.write(text);
    } catch {
      closed = true;
    }
  };
  const [sub, ...rest] = ctx.args;
  const json = rest.includes('--json');
  const args = rest.filter((a) => a !== '--json');
  const store = new ConversationStore(aoshHome(ctx.kernel));
  const row = (m: { id: string; turns: number; model?: string; title: string }): string => `${m.id}  ${String(m.turns).padStart(3)}  ${(m.model ?? '-').padEnd(20)}  ${m.title}`;
  try {
    switch (sub) {
      case undefined:
      case 'ls':
      case 'list': {
        const l = limitOf(args, 20);
        if (typeof l === 'string') return say(l, 2);
        if (l.rest.length) return say(USAGE, 2);
        const list = store.list(l.limit);
        if (json) await out(list.map((m) => JSON.stringify(m) + '\n').join(''));
        else for (const m of list) await out(row(m) + '\n');
        return 0;
      }
      case 'show': {
        if (args.length > 1) return say(USAGE, 2);
        const id = store.resolve(args[0] ?? 'latest');
        if (json) {
          await out(JSON.stringify({ meta: store.meta(id), transcript: store.lines(id) }) + '\n');
          return 0;
        }
        const { readFileSync } = await import('node:fs');
        const { join } = await import('node:path');
        store.render(id);
        await out(readFileSync(join(store.dir(id), 'transcript.md'), 'utf8'));
        return 0;
      }
      case 'search': {
        const l = limitOf(args, Infinity);
        if (typeof l === 'string') return say(l, 2);
        if (!l.rest.length) return say(`search: no TEXT given; ${USAGE}`, 2);
        const hits = store.search(l.rest.join(' '), l.limit);
        if (json) await out(hits.map((h) => JSON.stringify({ ...h.meta, match: { role: h.role, snippet: h.snippet } }) + '\n').join(''));
        else for (const h of hits) await out(`${row(h.meta)}\n    ${h.role}: ${h.snippet}\n`);
        // grep's convention: 1 when nothing matched.
        return hits.length ? 0 : 1;
      }
      case 'rm': {
        if (!args.length) return say(`rm: no ID given; ${USAGE}`, 2);
        // Resolve them all first: a typo in the third id removes nothing.
        const ids = args.map((a) => store.resolve(a));
        for (const id of new Set(ids)) store.remove(id);
        return 0;
      }
      case 'fork': {
        if (args.length !== 1) return say(USAGE, 2);
        const meta = store.fork(store.resolve(args[0]!));
        await out(meta.id + '\n');
        return 0;
      }
      case 'path': {
        if (args.length !== 1) return say(USAGE, 2);
        await out(store.dir(store.resolve(args[0]!)) + '\n');
        return 0;
      }
      default:
        return say(`unknown subcommand: ${sub}; ${USAGE}`, 2);
    }
  } catch (err) {
    return say((err as Error).message, 1);
  }
}

export const convBuiltin: Builtin = {
  name: 'conv',
  synopsis: 'conv ls [-n N | -a] [--json] | conv show [--json] [ID] | conv search [-n N] [--json] TEXT | conv rm ID... | conv fork ID | conv path ID',
  description: [
    'Conversations kept by think, as files you can grep, git and edit:',
    '$AOSH_HOME/conversations/YYYY/MM/DD/<id>/ holds meta.json, transcript.jsonl (the source of truth) and transcript.md.',
    'ls lists the newest first (id, turns, model, title); show prints the transcript (the latest without ID); search lists',
    'the conversations whose title or messages contain TEXT (case-insensitive), newest first, with the first matching line;',
    'rm deletes conversations; fork starts a new conversation from a copy of ID and prints its id (continue it with',
    'think --cid NEW); path prints the directory.',
    'ID may be "latest" (or "last") or a unique prefix or suffix. Exit status: 0 ok; 1 no such conversation, or search',
    'found nothing; 2 usage error.',
  ].join('\n'),
  flags: [
    { flag: '-n N', description: 'ls, search: show at most N conversations (ls: default 20); -a shows all' },
    { flag: '--json', description: 'ls: one meta.json per line; show: {meta, transcript}; search: meta.json with the match' },
  ],
  examples: [
    { command: 'conv ls', description: 'the latest conversations' },
    { command: 'conv show last', description: 'the latest conversation as markdown' },
    { command: 'conv search "unix shells"', description: 'conversations that mention a phrase' },
    { command: 'think --cid "$(conv fork latest)" "try another approach"', description: 'branch a conversation' },
    { command: 'conv rm "$(conv fork latest)"', description: 'remove a conversation' },
  ],
  run,
};
