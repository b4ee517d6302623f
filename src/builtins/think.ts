// think: one LLM call through the kernel (its scheduler, budgets, conversations).
// Statically imports only types: the LLM layer is loaded with import() when think runs,
// so registering this builtin costs nothing at startup.
import { extname, resolve } from 'node:path';
import { spinnerFor } from './spinner.js';
import type { Builtin, BuiltinContext } from './types.js';
import type { FileView } from '../kernel/fs-view.js';
import type { ContentPart, Message, ThinkRequest, ThinkResult, ThinkingLevel } from '../kernel/llm/types.js';

interface ThinkArgs {
  model?: string;
  system?: string;
  temperature?: number;
  images: string[];
  /** -a/--attach FILE: text files go into the prompt, images and PDFs are sent as --image. */
  attach: string[];
  noStream: boolean;
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
  const a: ThinkArgs = { images: [], attach: [], noStream: false, extract: false, json: false, continueLatest: false, noLog: false, prompt: [] };
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
      case '-a':
      case '--attach':
        a.attach.push(value());
        break;
      case '--no-stream':
        a.noStream = true;
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

async function loadSchema(ctx: BuiltinContext, spec: string): Promise<Record<string, unknown>> {
  let text = spec;
  const inline = spec.trimStart().startsWith('{');
  if (!inline) text = (await readArg(ctx, '--schema', spec)).toString('utf8');
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

/** Text attachments bigger than this are refused (the budgets would refuse most of them anyway). */
export const ATTACH_LIMIT = 4 * 1024 * 1024;

/** A fence longer than any backtick run inside the text, so the attachment cannot close it. */
function fenced(name: string, text: string): string {
  let longest = 2;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  return `File: ${name}\n${fence}\n${text.replace(/\n$/, '')}\n${fence}`;
}

/**
 * Reads a file named on the command line (--image, -a, --schema), relative to the shell's
 * working directory, through the session's FileView (kernel.fs: the same filesystem the
 * shell and its stages see; DESIGN.md "Every other door uses the world"). The one place
 * think opens files.
 */
async function readArg(ctx: BuiltinContext, flag: string, file: string): Promise<Buffer> {
  const abs = resolve(ctx.shell?.cwd ?? process.cwd(), file);
  const view = (ctx.kernel as { fs?: FileView }).fs;
  try {
    return view ? view.readFile(abs) : await (await import('node:fs/promises')).readFile(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Usage(`${flag}: cannot read ${file}: ${code === 'ENOENT' ? 'No such file or directory' : code === 'EISDIR' ? 'Is a directory' : (code ?? String(err))}`);
  }
}

async function run(ctx: BuiltinContext): Promise<number> {
  const sub = ctx.args[0];
  if (sub === 'models' || sub === 'keys') {
    const extra = await import('./think-admin.js');
    return sub === 'models' ? extra.modelsCommand(ctx, ctx.args.slice(1)) : extra.keysCommand(ctx, ctx.args.slice(1));
  }
  const llm = await import('../kernel/llm/index.js');
  const { THINK_EXIT } = llm;
  // On a terminal's stderr, a spinner until the answer starts (never in pipes or files).
  const spinner = spinnerFor(ctx);
  const stdout = spinner.wrap(ctx.stdout);
  const stderr = spinner.wrap(ctx.stderr);
  const say = async (msg: string, status: number): Promise<number> => {
    await stderr.write(`${ctx.name}: ${msg.replace(/\s*\n\s*/g, ' ')}\n`);
    return status;
  };
  let args: ThinkArgs;
  let schema: Record<string, unknown> | undefined;
  const images: { file: string; data: Buffer; mimeType: string }[] = [];
  const texts: { file: string; text: string }[] = [];
  try {
    args = parseThinkArgs(ctx.args);
    if (args.schema) schema = await loadSchema(ctx, args.schema);
    for (const file of args.images) {
      const mimeType = MIME[extname(file).toLowerCase()];
      if (!mimeType) throw new Usage(`--image: unsupported file type: ${file} (png, jpeg, gif, webp, heic, pdf)`);
      images.push({ file, data: await readArg(ctx, '--image', file), mimeType });
    }
    for (const file of args.attach) {
      const mimeType = MIME[extname(file).toLowerCase()];
      const data = await readArg(ctx, '--attach', file);
      if (mimeType) images.push({ file, data, mimeType });
      else if (data.subarray(0, 8192).includes(0)) throw new Usage(`--attach: ${file} is not a text file (images and PDFs: png, jpeg, gif, webp, heic, pdf)`);
      else if (data.length > ATTACH_LIMIT) throw new Usage(`--attach: ${file} is ${data.length} bytes; text attachments are limited to ${ATTACH_LIMIT} bytes`);
      else texts.push({ file, text: data.toString('utf8') });
    }
  } catch (err) {
    if (err instanceof Usage) return say(err.message, THINK_EXIT.USAGE);
    throw err;
  }

  // Standard input first (when it is not a terminal), then attached files, then the prompt words.
  const stdinText = ctx.stdin.isTTY ? '' : (await ctx.stdin.readAll()).toString('utf8');
  const words = args.prompt.join(' ');
  const promptText = [stdinText.replace(/\n+$/, ''), ...texts.map((t) => fenced(t.file, t.text)), words].filter((s) => s !== '').join('\n\n');
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

  const stream = !args.json && !args.extract && !args.noStream;
  const local = new AbortController();
  let writing: Promise<void> = Promise.resolve();
  let broken = false;
  let last = '';
  spinner.start('thinking…');
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
    // A slow failure says what it waits for instead of sitting silent.
    onRetry: (info) => {
      writing = writing.then(async () => {
        await stderr.write(`${ctx.name}: ${llm.retryNotice(info)}\n`).catch(() => undefined);
        if (!last) spinner.start('thinking…');
      });
    },
    onText: stream
      ? (d) => {
          last = d;
          writing = writing.then(() => (broken ? undefined : stdout.write(d))).catch(() => {
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
    await spinner.stop();
    if (broken) return THINK_EXIT.OK;
    if (ctx.signal.aborted) {
      if (last && !last.endsWith('\n')) await stdout.write('\n').catch(() => {});
      return typeof ctx.signal.reason === 'number' ? 128 + ctx.signal.reason : 130;
    }
    const e = err as { exitStatus?: number; message?: string };
    if (err instanceof llm.LlmError) {
      if (last && !last.endsWith('\n')) await stdout.write('\n').catch(() => {});
      return say(e.message ?? String(err), e.exitStatus ?? THINK_EXIT.PROVIDER);
    }
    return say(e?.message ?? String(err), THINK_EXIT.PROVIDER);
  }
  await writing;
  await spinner.stop();

  if (!args.noLog) {
    try {
      const title = (words || stdinText || texts.map((t) => t.file).join(' ')).replace(/\s+/g, ' ').trim().slice(0, 72);
      cid ??= store.create({ system }).id;
      const ts = new Date().toISOString();
      store.append(
        cid,
        [
          {
            ts,
            role: 'user',
            content: promptText,
            ...(images.length ? { images: images.map((im) => ({ path: store.attach(cid!, im.file, im.data), mimeType: im.mimeType })) } : {}),
            ...(texts.length ? { files: texts.map((t) => ({ name: t.file, bytes: Buffer.byteLength(t.text) })) } : {}),
          },
          { ts: new Date().toISOString(), role: 'assistant', content: res.content, model: res.model, provider: res.provider, usage: res.usage, costUsd: res.costUsd, ...(res.toolCalls.length ? { toolCalls: res.toolCalls } : {}) },
        ],
        { provider: res.provider, model: res.model, ...(args.system ? { system: args.system } : {}), ...(title && !history.length ? { title } : {}) },
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
      await stdout.write(JSON.stringify(envelope) + '\n');
    } else if (args.extract) {
      await stdout.write(ensureNewline(extractCode(res.content)));
    } else if (!stream) {
      await stdout.write(ensureNewline(res.content));
    } else if (!broken && res.content && !res.content.endsWith('\n')) {
      await stdout.write('\n');
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
  synopsis:
    'think [-m MODEL] [-s SYSTEM] [-t TEMP] [-a FILE] [--image FILE] [--schema JSON|FILE] [-x] [--json] [--no-stream] [-c | --cid ID] [--max-tokens N] [--no-log] [PROMPT...] | think models [--json] [--provider NAME] | think keys [list | path | set NAME]',
  description: [
    'Asks the configured LLM through the kernel: standard input (when it is not a terminal) comes first, then the files given with -a, then PROMPT.',
    'The answer streams to standard output as it arrives, newline-terminated, so think works as a pipeline stage (--no-stream prints it whole at the end).',
    'On a terminal, a spinner shows on standard error until the answer starts; never in pipes or files. When the provider cannot be reached or is busy, each retry is said on standard error ("connection refused by URL; retrying (2/3)…"); a server that gives no HTTP answer gets 3 attempts (AOSH_LLM_NET_RETRIES), HTTP 429/5xx get 5 (AOSH_LLM_RETRIES).',
    'think models lists the models of each configured provider (the default marked); think keys set NAME (openai, gemini, or a variable such as OPENAI_API_KEY) reads a key from the terminal without echoing it, or from standard input, and writes it to $AOSH_HOME/.env (mode 0600, directory 0700; the environment and the project\'s .env win over it), used from the next think on; think keys lists which keys are set, never their values. A prompt that starts with the word models or keys needs -- before it.',
    'Every exchange is kept under $AOSH_HOME/conversations/ unless --no-log; -c continues the latest one.',
    'Calls go through the kernel scheduler and budgets: a call the budgets cannot pay for is refused before anything is sent.',
    'Configuration: GEMINI_API_KEY/GOOGLE_API_KEY, OPENAI_API_KEY, OPENAI_BASE_URL (vLLM, llama.cpp, Ollama, LM Studio), AOSH_PROVIDER, AOSH_MODEL, from the environment, .env, $AOSH_HOME/.env or $AOSH_HOME/config.json.',
    'Exit status: 0 answered; 1 provider error (after retries) or replay miss; 2 usage error; 3 refused by a budget (nothing sent); 4 no provider configured; 130 interrupted.',
  ].join('\n'),
  flags: [
    { flag: '-m, --model MODEL', description: 'model to use (default: AOSH_MODEL, else the provider default)' },
    { flag: '-s, --system TEXT', description: 'system instruction' },
    { flag: '-t, --temperature T', description: 'sampling temperature, 0..2' },
    { flag: '-a, --attach FILE', description: 'add a text file to the prompt (fenced, with its name; at most 4 MiB); images and PDFs are sent as --image; repeatable' },
    { flag: '--image FILE', description: 'attach an image (png, jpeg, gif, webp, heic, pdf); repeatable' },
    { flag: '--no-stream', description: 'print the answer when it is complete instead of as it arrives' },
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
    { command: 'echo "x = 1" > a.py; think -a a.py "what does this do?"', description: 'ask about a file' },
    { command: 'think models', description: 'the models each configured provider offers' },
    { command: 'think keys', description: 'which API keys are set (names only)' },
    { command: 'think --json --schema \'{"type":"object","properties":{"ok":{"type":"boolean"}}}\' "is 7 prime?"', description: 'structured output in a JSON envelope' },
  ],
  run,
};
