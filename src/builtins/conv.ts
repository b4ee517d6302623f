// conv: list, show and fork the conversations `think` keeps under $AOSH_HOME/conversations/.
// Loads the LLM layer lazily (see think.ts).
import type { Builtin, BuiltinContext } from './types.js';

const USAGE = 'usage: conv ls [-n N] [--json] | conv show [--json] ID | conv fork ID | conv path ID';

async function run(ctx: BuiltinContext): Promise<number> {
  const { ConversationStore, aoshHome } = await import('../kernel/llm/index.js');
  const say = async (msg: string, status: number): Promise<number> => {
    await ctx.stderr.write(`${ctx.name}: ${msg}\n`);
    return status;
  };
  const [sub, ...rest] = ctx.args;
  const json = rest.includes('--json');
  const args = rest.filter((a) => a !== '--json');
  const store = new ConversationStore(aoshHome(ctx.kernel));
  try {
    switch (sub) {
      case undefined:
      case 'ls':
      case 'list': {
        let limit = 20;
        if (args[0] === '-n' || args[0] === '-a') {
          limit = args[0] === '-a' ? Infinity : Number(args[1]);
          if (!Number.isInteger(limit) && limit !== Infinity) return say(`-n: bad count: ${args[1] ?? ''}`, 2);
        } else if (args.length) return say(USAGE, 2);
        const list = store.list(limit);
        if (json) {
          await ctx.stdout.write(list.map((m) => JSON.stringify(m)).join('\n') + (list.length ? '\n' : ''));
          return 0;
        }
        for (const m of list) {
          const model = m.model ? `${m.model}` : '-';
          await ctx.stdout.write(`${m.id}  ${String(m.turns).padStart(3)}  ${model.padEnd(20)}  ${m.title}\n`);
        }
        return 0;
      }
      case 'show': {
        if (args.length !== 1) return say(USAGE, 2);
        const id = store.resolve(args[0]!);
        if (json) {
          await ctx.stdout.write(JSON.stringify({ meta: store.meta(id), transcript: store.lines(id) }) + '\n');
          return 0;
        }
        const { readFileSync } = await import('node:fs');
        const { join } = await import('node:path');
        store.render(id);
        await ctx.stdout.write(readFileSync(join(store.dir(id), 'transcript.md'), 'utf8'));
        return 0;
      }
      case 'fork': {
        if (args.length !== 1) return say(USAGE, 2);
        const meta = store.fork(store.resolve(args[0]!));
        await ctx.stdout.write(meta.id + '\n');
        return 0;
      }
      case 'path': {
        if (args.length !== 1) return say(USAGE, 2);
        await ctx.stdout.write(store.dir(store.resolve(args[0]!)) + '\n');
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
  synopsis: 'conv ls [-n N | -a] [--json] | conv show [--json] ID | conv fork ID | conv path ID',
  description: [
    'Conversations kept by think, as files you can grep, git and edit:',
    '$AOSH_HOME/conversations/YYYY/MM/DD/<id>/ holds meta.json, transcript.jsonl (the source of truth) and transcript.md.',
    'ls lists the newest first (id, turns, model, title); show prints the transcript; fork starts a new conversation',
    'from a copy of ID and prints its id (continue it with think --cid NEW); path prints the directory.',
    'ID may be "latest" or a unique prefix or suffix. Exit status: 0 ok, 1 no such conversation, 2 usage error.',
  ].join('\n'),
  flags: [
    { flag: '-n N', description: 'ls: show at most N conversations (default 20); -a shows all' },
    { flag: '--json', description: 'ls: one meta.json per line; show: {meta, transcript}' },
  ],
  examples: [
    { command: 'conv ls', description: 'the latest conversations' },
    { command: 'conv show latest', description: 'the latest conversation as markdown' },
    { command: 'think --cid "$(conv fork latest)" "try another approach"', description: 'branch a conversation' },
  ],
  run,
};
