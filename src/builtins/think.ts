// think: one LLM call through the kernel (its scheduler, budgets, conversations).
// Statically imports only types: the LLM layer is loaded with import() when think runs,
// so registering this builtin costs nothing at startup.
import { extname, resolve } from 'node:path';
import type { Builtin, BuiltinContext } from './types.js';
import type { ContentPart, Message, ThinkRequest, ThinkResult, ThinkingLevel } from '../kernel/llm/types.js';

interface ThinkArgs {
  model?: string;
  system?: string;
  temperature?: number;
  images: string[];
  schema?: string;
  extract: boolean;
  json: boolean;
  continueLatest: boolean;
  cid?: string;
  maxTokens?: number;
  noLog: boolean;
  thinking?: ThinkingLevel;
  provider?: 'gemini' | 'openai';
  prompt: string[];
}

class Usage extends Error {}

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.heic': 'image/heic',
  '.heif': 'image/heif',
  '.pdf': 'application/pdf',
};

export function parseThinkArgs(argv: string[]): ThinkArgs {
  const a: ThinkArgs = { images: [], extract: false, json: false, continueLatest: false, noLog: false, prompt: [] };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let inline: string | undefined;
    if (arg.startsWith('--') && arg.includes('=')) [arg, inline] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new Usage(`${arg} needs a value`);
      return v;
    };
    const number = (min: number, max: number, int: boolean): number => {
      const s = value();
      const n = Number(s);
      if (s.trim() === '' || !Number.isFinite(n) || n < min || n > max || (int && !Number.isInteger(n))) throw new Usage(`${arg}: bad value: ${s}`);
      return n;
    };
    switch (arg) {
      case '--':
        a.prompt.push(...argv.slice(i + 1));
        return a;
      case '-m':
      case '--model':
        a.model = value();
        break;
      case '-s':
      case '--system':
        a.system = value();
        break;
      case '-t':
      case '--temperature':
        a.temperature = number(0, 2, false);
        break;
      case '--image':
        a.images.push(value());
        break;
      case '--schema':
        a.schema = value();
        break;
      case '--cid':
        a.cid = value();
        break;
      case '--max-tokens':
        a.maxTokens = number(1, 1e9, true);
        break;
      case '--thinking': {
        const v = value();
        if (!['off', 'minimal', 'low', 'medium', 'high'].includes(v)) throw new Usage(`--thinking: expected off|minimal|low|medium|high, got ${v}`);
        a.thinking = v as ThinkingLevel;
        break;
      }
      case '--provider': {
        const v = value();
        if (v !== 'gemini' && v !== 'openai') throw new Usage(`--provider: expected gemini|openai, got ${v}`);
        a.provider = v;
        break;
      }
      case '-x':
      case '--extract':
        a.extract = true;
        break;
      case '--json':
        a.json = true;
        break;
      case '-c':
      case '--continue':
        a.continueLatest = true;
        break;
      case '--no-log':
        a.noLog = true;
        break;
      default:
        if (/^-[xc]{2,}$/.test(arg)) {
          if (arg.includes('x')) a.extract = true;
          if (arg.includes('c')) a.continueLatest = true;
        } else if (arg.startsWith('-') && arg !== '-') throw new Usage(`unknown option: ${arg}`);
        else a.prompt.push(arg);
    }
  }
  if (a.continueLatest && a.cid) throw new Usage('-c and --cid exclude each other');
  return a;
}

/** The contents of the fenced code blocks of an answer, or the whole answer when it has none. */
export function extractCode(text: string): string {
  const blocks: string[] = [];
  const re = /^ {0,3}(`{3,}|~{3,})[^\n]*\n([\s\S]*?)^ {0,3}\1[ \t]*$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) blocks.push(m[2]!.replace(/\n$/, ''));
  return blocks.length ? blocks.join('\n\n') : text.trim();
}

/** A file the builtin reads for the session: through its world (hidden paths stay hidden). */
function readInWorld(ctx: BuiltinContext, file: string): Buffer {
  return ctx.kernel.fs.readFile(resolve(ctx.shell.cwd, file));
}

async function loadSchema(ctx: BuiltinContext, spec: string): Promise<Record<string, unknown>> {
  let text = spec;
  const inline = spec.trimStart().startsWith('{');
  if (!inline) {
    try {
      text = readInWorld(ctx, spec).toString('utf8');
    } catch (err) {
      throw new Usage(`--schema: cannot read ${spec}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  try {
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a JSON object');
    return v as Record<string, unknown>;
  } catch (err) {
    // JSON.parse quotes the text it refused: never echo a file's content in an error.
    const where = /position (\d+)/.exec((err as Error).message)?.[1];
    throw new Usage(`--schema: ${inline ? 'the argument' : spec} is not a JSON schema object${where ? ` (invalid JSON at position ${where})` : ''}`);
  }
}

function ensureNewline(s: string): string {
  return s === '' || s.endsWith('\n') ? s : s + '\n';
}

async function run(ctx: BuiltinContext): Promise<number> {
  const llm = await import('../kernel/llm/index.js');
  const { THINK_EXIT } = llm;
  const say = async (msg: string, status: number): Promise<number> => {
    await ctx.stderr.write(`${ctx.name}: ${msg.replace(/\s*\n\s*/g, ' ')}\n`);
    return status;
  };
  let args: ThinkArgs;
  let schema: Record<string, unknown> | undefined;
  const images: { file: string; data: Buffer; mimeType: string }[] = [];
  try {
    args = parseThinkArgs(ctx.args);
    if (args.schema) schema = await loadSchema(ctx, args.schema);
    for (const file of args.images) {
      const mimeType = MIME[extname(file).toLowerCase()];
      if (!mimeType) throw new Usage(`--image: unsupported file type: ${file} (png, jpeg, gif, webp, heic, pdf)`);
      try {
        images.push({ file, data: readInWorld(ctx, file), mimeType });
      } catch (err) {
        throw new Usage(`--image: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
    }
  } catch (err) {
    if (err instanceof Usage) return say(err.message, THINK_EXIT.USAGE);
    throw err;
  }

  // Standard input first (when it is not a terminal), then the prompt words.
  const stdinText = ctx.stdin.isTTY ? '' : (await ctx.stdin.readAll()).toString('utf8');
  const promptText = [stdinText.replace(/\n+$/, ''), args.prompt.join(' ')].filter((s) => s !== '').join('\n\n');
  if (!promptText && images.length === 0) return say('no prompt: give PROMPT words or pipe text on standard input', THINK_EXIT.USAGE);

  let service: InstanceType<typeof llm.LlmService>;
  try {
    service = llm.llmFor(ctx.kernel);
  } catch (err) {
    return say((err as Error).message, THINK_EXIT.USAGE);
  }
  if (process.env.AOSH_SOCKET) {
    // Inside a stage (AOSH_SOCKET is set only there): keys and network stay with the kernel that started us;
    // over the AGNT socket; its scheduler and budgets apply there.
    return thinkOverSocket(ctx, process.env.AOSH_SOCKET, promptText, args, say);
  }

  const store = service.conversations;
  let cid: string | undefined;
  let history: Message[] = [];
  let system = args.system;
  try {
    if (args.continueLatest || args.cid) {
      cid = args.continueLatest ? store.latest() : store.resolve(args.cid!);
      if (!cid) return say('no conversation to continue (none logged yet)', THINK_EXIT.USAGE);
      const prior = store.messages(cid);
      history = prior.messages;
      system ??= prior.system;
    }
  } catch (err) {
    return say((err as Error).message, THINK_EXIT.USAGE);
  }

  const content: ContentPart[] = images.map((im) => ({ type: 'image' as const, mimeType: im.mimeType, data: im.data.toString('base64') }));
  if (promptText) content.push({ type: 'text', text: promptText });
  const userMsg: Message = { role: 'user', content: images.length ? content : promptText };

  const stream = !args.json && !args.extract;
  const local = new AbortController();
  let writing: Promise<void> = Promise.resolve();
  let broken = false;
  let last = '';
  const req: ThinkRequest = {
    agent: ctx.shell?.getVar?.('AOSH_AGENT') || 'shell',
    provider: args.provider,
    model: args.model,
    system,
    messages: [...history, userMsg],
    temperature: args.temperature,
    thinking: args.thinking,
    maxTokens: args.maxTokens,
    schema,
    signal: AbortSignal.any([ctx.signal, local.signal]),
    onText: stream
      ? (d) => {
          last = d;
          writing = writing.then(() => (broken ? undefined : ctx.stdout.write(d))).catch(() => {
            broken = true; // reader went away (think | head -1): stop paying for output
            local.abort();
          });
        }
      : undefined,
  };

  let res: ThinkResult;
  try {
    res = await service.think(req);
  } catch (err) {
    await writing;
    if (broken) return THINK_EXIT.OK;
    if (ctx.signal.aborted) {
      if (last && !last.endsWith('\n')) await ctx.stdout.write('\n').catch(() => {});
      return typeof ctx.signal.reason === 'number' ? 128 + ctx.signal.reason : 130;
    }
    const e = err as { exitStatus?: number; message?: string };
    if (err instanceof llm.LlmError) {
      if (last && !last.endsWith('\n')) await ctx.stdout.write('\n').catch(() => {});
      return say(e.message ?? String(err), e.exitStatus ?? THINK_EXIT.PROVIDER);
    }
    return say(e?.message ?? String(err), THINK_EXIT.PROVIDER);
  }
  await writing;

  if (!args.noLog) {
    try {
      cid ??= store.create({ system }).id;
      const ts = new Date().toISOString();
      store.append(
        cid,
        [
          { ts, role: 'user', content: promptText, ...(images.length ? { images: images.map((im) => ({ path: store.attach(cid!, im.file, im.data), mimeType: im.mimeType })) } : {}) },
          { ts: new Date().toISOString(), role: 'assistant', content: res.content, model: res.model, provider: res.provider, usage: res.usage, costUsd: res.costUsd, ...(res.toolCalls.length ? { toolCalls: res.toolCalls } : {}) },
        ],
        { provider: res.provider, model: res.model, ...(args.system ? { system: args.system } : {}) },
      );
    } catch (err) {
      await say(`conversation not saved: ${(err as Error).message}`, 0);
    }
  }

  try {
    if (args.json) {
      const envelope = {
        content: res.content,
        ...(args.extract ? { code: extractCode(res.content) } : {}),
        model: res.model,
        provider: res.provider,
        usage: res.usage,
        costUsd: Number(res.costUsd.toFixed(8)),
        cid: args.noLog ? null : (cid ?? null),
        finishReason: res.finishReason,
        ...(res.toolCalls.length ? { toolCalls: res.toolCalls } : {}),
      };
      await ctx.stdout.write(JSON.stringify(envelope) + '\n');
    } else if (args.extract) {
      await ctx.stdout.write(ensureNewline(extractCode(res.content)));
    } else if (!broken && res.content && !res.content.endsWith('\n')) {
      await ctx.stdout.write('\n');
    }
  } catch {
    /* stdout closed */
  }
  return THINK_EXIT.OK;
}

/** THINK over the AGNT socket (spec: {prompt, system_instruction, temperature, model, max_tokens}). */
async function thinkOverSocket(
  ctx: BuiltinContext,
  socket: string,
  prompt: string,
  args: ThinkArgs,
  say: (msg: string, status: number) => Promise<number>,
): Promise<number> {
  const { connect } = await import('../sdk/index.js');
  let client;
  try {
    client = await connect(socket);
  } catch (err) {
    return say(`cannot reach the kernel at AOSH_SOCKET=${socket}: ${(err as Error).message}`, 1);
  }
  try {
    const req: Record<string, unknown> = { prompt };
    if (args.system) req.system_instruction = args.system;
    if (args.temperature !== undefined) req.temperature = args.temperature;
    if (args.model) req.model = args.model;
    if (args.maxTokens !== undefined) req.max_tokens = args.maxTokens;
    if (args.thinking) req.thinking_level = args.thinking;
    const res = (await client.json(0x01, req)) as { content?: string; error?: string; tokens?: number; model?: string; cost_usd?: number };
    if (res.error !== undefined) {
      const msg = String(res.error);
      const status = /budget/i.test(msg) ? 3 : /offline|no llm|not configured|no provider/i.test(msg) ? 4 : 1;
      return say(msg, status);
    }
    const content = res.content ?? '';
    if (args.json) await ctx.stdout.write(JSON.stringify({ content, model: res.model, provider: 'kernel', tokens: res.tokens, cost_usd: res.cost_usd }) + '\n');
    else await ctx.stdout.write(content.endsWith('\n') ? content : content + '\n');
    return 0;
  } finally {
    client.close();
  }
}

export const thinkBuiltin: Builtin = {
  name: 'think',
  synopsis: 'think [-m MODEL] [-s SYSTEM] [-t TEMP] [--image FILE] [--schema JSON|FILE] [-x] [--json] [-c | --cid ID] [--max-tokens N] [--no-log] [PROMPT...]',
  description: [
    'Asks the configured LLM through the kernel: standard input (when it is not a terminal) comes first, then PROMPT.',
    'The answer streams to standard output as it arrives, newline-terminated, so think works as a pipeline stage.',
    'Every exchange is kept under $AOSH_HOME/conversations/ unless --no-log; -c continues the latest one.',
    'Calls go through the kernel scheduler and budgets: a call the budgets cannot pay for is refused before anything is sent.',
    'Configuration: GEMINI_API_KEY/GOOGLE_API_KEY, OPENAI_API_KEY, OPENAI_BASE_URL (vLLM, llama.cpp, Ollama, LM Studio), AOSH_PROVIDER, AOSH_MODEL, from the environment, .env, $AOSH_HOME/.env or $AOSH_HOME/config.json.',
    'Exit status: 0 answered; 1 provider error (after retries) or replay miss; 2 usage error; 3 refused by a budget (nothing sent); 4 no provider configured; 130 interrupted.',
  ].join('\n'),
  flags: [
    { flag: '-m, --model MODEL', description: 'model to use (default: AOSH_MODEL, else the provider default)' },
    { flag: '-s, --system TEXT', description: 'system instruction' },
    { flag: '-t, --temperature T', description: 'sampling temperature, 0..2' },
    { flag: '--image FILE', description: 'attach an image (png, jpeg, gif, webp, heic, pdf); repeatable' },
    { flag: '--schema JSON|FILE', description: 'structured output: the answer is JSON following this schema' },
    { flag: '-x, --extract', description: 'print only the fenced code blocks of the answer' },
    { flag: '--json', description: 'print one JSON envelope: content, model, provider, usage, costUsd, cid, finishReason' },
    { flag: '-c, --continue', description: 'continue the latest conversation' },
    { flag: '--cid ID', description: 'continue conversation ID (a unique prefix or suffix works)' },
    { flag: '--max-tokens N', description: 'cap output tokens (budgets may lower it further)' },
    { flag: '--thinking LEVEL', description: 'off, minimal, low, medium or high' },
    { flag: '--provider NAME', description: 'gemini or openai, overriding AOSH_PROVIDER' },
    { flag: '--no-log', description: 'do not keep this exchange' },
  ],
  examples: [
    { command: 'think "name three Unix shells"', description: 'ask a question' },
    { command: 'cat build.log | think "why did this fail" | tee answer.md', description: 'use think as a pipeline stage' },
    { command: 'think -c "and how do I fix it?"', description: 'continue the latest conversation' },
    { command: 'think --json --schema \'{"type":"object","properties":{"ok":{"type":"boolean"}}}\' "is 7 prime?"', description: 'structured output in a JSON envelope' },
  ],
  run,
};
