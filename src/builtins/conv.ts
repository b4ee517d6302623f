// conv: list, show, search, fork and remove the conversations `think` keeps under
// $AOSH_HOME/conversations/. Loads the LLM layer lazily (see think.ts).
import { parseFlags, suggest, values, type FlagDoc } from './flags.js';
import type { Builtin, BuiltinContext, Subcommand } from './types.js';

const USAGE = 'usage: conv ls [-n N | -a] [--json] | conv show [--json] [ID] | conv search [-n N] [--json] TEXT | conv rm ID... | conv fork ID | conv path ID';

const JSON_FLAG: FlagDoc = { flag: '--json', description: 'machine-readable output' };
const COUNT: FlagDoc = { flag: '-n N', description: 'at most N conversations', parse: values.count };

const SUBCOMMANDS: Subcommand[] = [
  { name: 'ls', synopsis: 'conv ls [-n N | -a] [--json]', description: 'The newest conversations first (id, turns, model, title); 20 unless -n or -a.', flags: [COUNT, { flag: '-a, --all', description: 'all of them' }, { ...JSON_FLAG, description: 'one meta.json per line' }] },
  { name: 'show', synopsis: 'conv show [--json] [ID]', description: 'The transcript of ID (default: the latest) as markdown.', flags: [{ ...JSON_FLAG, description: '{meta, transcript}' }] },
  { name: 'search', synopsis: 'conv search [-n N] [--json] TEXT', description: 'Conversations whose title or messages contain TEXT (case-insensitive), newest first, with the first matching line; status 1 when none.', flags: [COUNT, { ...JSON_FLAG, description: 'meta.json with the match, one per line' }] },
  { name: 'rm', synopsis: 'conv rm ID...', description: 'Delete conversations (all IDs are resolved first: a typo removes nothing).' },
  { name: 'fork', synopsis: 'conv fork ID', description: 'A new conversation from a copy of ID; prints its id (continue it with think --cid NEW).' },
  { name: 'path', synopsis: 'conv path ID', description: 'The directory of ID.' },
];

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
  const [sub = 'ls', ...words] = ctx.args;
  const spec = SUBCOMMANDS.find((x) => x.name === (sub === 'list' ? 'ls' : sub));
  if (!spec) return say(`unknown subcommand: ${sub}${suggest(sub, SUBCOMMANDS.map((x) => x.name))}; ${USAGE}`, 2);
  // The subcommand's declared flags are its parser; flags may follow operands.
  const { opts, rest: args } = parseFlags(words, spec.flags, { interleave: true });
  const json = opts.json === true;
  const limit = (fallback: number): number => (opts.all ? Infinity : ((opts.n as number | undefined) ?? fallback));
  const store = new ConversationStore(aoshHome(ctx.kernel));
  const row = (m: { id: string; turns: number; model?: string; title: string }): string => `${m.id}  ${String(m.turns).padStart(3)}  ${(m.model ?? '-').padEnd(20)}  ${m.title}`;
  try {
    switch (sub) {
      case 'ls':
      case 'list': {
        if (args.length) return say(USAGE, 2);
        const list = store.list(limit(20));
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
        if (!args.length) return say(`search: no TEXT given; ${USAGE}`, 2);
        const hits = store.search(args.join(' '), limit(Infinity));
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
    }
    return say(USAGE, 2);
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
  subcommands: SUBCOMMANDS,
  examples: [
    { command: 'conv ls', description: 'the latest conversations' },
    { command: 'conv show last', description: 'the latest conversation as markdown' },
    { command: 'conv search "unix shells"', description: 'conversations that mention a phrase' },
    { command: 'think --cid "$(conv fork latest)" "try another approach"', description: 'branch a conversation' },
    { command: 'conv rm "$(conv fork latest)"', description: 'remove a conversation' },
  ],
  run,
};
