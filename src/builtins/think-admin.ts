// `think models` and `think keys`: the provider housekeeping `llm` users expect (llm models,
// llm keys set). Loaded with import() by think.ts only when one of them runs.
import type { BuiltinContext } from './types.js';

const EXIT = { OK: 0, ERROR: 1, USAGE: 2, NOT_CONFIGURED: 4 } as const;

async function say(ctx: BuiltinContext, msg: string, status: number): Promise<number> {
  await ctx.stderr.write(`${ctx.name}: ${msg}\n`).catch(() => undefined);
  return status;
}

async function out(ctx: BuiltinContext, text: string): Promise<void> {
  try {
    await ctx.stdout.write(text);
  } catch {
    // reader went away (think models | head -1)
  }
}

/** think models [--json] [--provider NAME]: each configured provider's models, the default marked. */
export async function modelsCommand(ctx: BuiltinContext, argv: string[]): Promise<number> {
  let json = false;
  let only: 'gemini' | 'openai' | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--provider' || a.startsWith('--provider=')) {
      const v = a === '--provider' ? argv[++i] : a.slice('--provider='.length);
      if (v !== 'gemini' && v !== 'openai') return say(ctx, `models: --provider: expected gemini|openai, got ${v ?? 'nothing'}`, EXIT.USAGE);
      only = v;
    } else return say(ctx, `models: unexpected argument: ${a} (usage: think models [--json] [--provider NAME])`, EXIT.USAGE);
  }
  const llm = await import('../kernel/llm/index.js');
  let service;
  try {
    service = llm.llmFor(ctx.kernel);
  } catch (err) {
    return say(ctx, (err as Error).message, EXIT.USAGE);
  }
  if (!service.configured) return say(ctx, llm.NOT_CONFIGURED_MESSAGE, EXIT.NOT_CONFIGURED);
  const listings = await service.listModels(only, ctx.signal);
  if (!listings.length) return say(ctx, only ? `models: ${only} is not configured` : 'models: no gemini or openai provider is configured (a replay cassette has no model list)', EXIT.NOT_CONFIGURED);
  if (json) {
    await out(ctx, listings.map((l) => JSON.stringify(l)).join('\n') + '\n');
  } else {
    const rows: string[][] = [];
    for (const l of listings) {
      const names = l.models.includes(l.default) ? l.models : [l.default, ...l.models];
      for (const m of names) rows.push([l.provider, m, m === l.default ? 'default' : '']);
    }
    const w = Math.max(...rows.map((r) => r[0]!.length));
    const w2 = Math.max(...rows.map((r) => r[1]!.length));
    await out(ctx, rows.map((r) => `${r[0]!.padEnd(w)}  ${r[2] ? r[1]!.padEnd(w2) + '  ' + r[2] : r[1]}`).join('\n') + '\n');
  }
  let status: number = EXIT.OK;
  for (const l of listings) {
    if (!l.error) continue;
    status = EXIT.ERROR;
    await say(ctx, `models: ${l.provider}: ${l.error} (only the default model is shown)`, 0);
  }
  return status;
}

/**
 * Reads one line from the terminal without echoing it (as ssh and sudo do): the prompt and
 * the keystrokes go through /dev/tty in raw mode. Null when cancelled (Ctrl-C, Ctrl-D, abort).
 */
async function readSecret(prompt: string, signal: AbortSignal): Promise<string | null> {
  const { openSync, closeSync } = await import('node:fs');
  const { ReadStream, WriteStream } = await import('node:tty');
  const fdIn = openSync('/dev/tty', 'r');
  let fdOut: number;
  try {
    fdOut = openSync('/dev/tty', 'w');
  } catch (err) {
    closeSync(fdIn);
    throw err;
  }
  const input = new ReadStream(fdIn);
  const output = new WriteStream(fdOut);
  input.setRawMode(true);
  output.write(prompt);
  try {
    return await new Promise<string | null>((resolve) => {
      let value = '';
      const done = (v: string | null): void => {
        input.off('data', onData);
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      };
      const onAbort = (): void => done(null);
      const onData = (chunk: Buffer): void => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') return done(value);
          if (ch === '\x03' || (ch === '\x04' && value === '')) return done(null);
          if (ch === '\x7f' || ch === '\b') value = value.slice(0, -1);
          else if (ch === '\x15') value = '';
          else if (ch >= ' ') value += ch;
        }
      };
      signal.addEventListener('abort', onAbort, { once: true });
      input.on('data', onData);
    });
  } finally {
    input.setRawMode(false);
    output.write('\n');
    input.destroy();
    output.destroy();
  }
}

/** think keys [list | path | set NAME]. */
export async function keysCommand(ctx: BuiltinContext, argv: string[]): Promise<number> {
  const USAGE = 'usage: think keys [list | path | set NAME]   (NAME: openai, gemini, google, or OPENAI_API_KEY ...)';
  const llm = await import('../kernel/llm/index.js');
  const keys = await import('../kernel/llm/keys.js');
  const home = llm.aoshHome(ctx.kernel);
  const [sub = 'list', ...rest] = argv;
  switch (sub) {
    case 'list':
    case 'ls': {
      if (rest.length) return say(ctx, USAGE, EXIT.USAGE);
      const env = ctx.shell?.environment?.() ?? {};
      const rows = keys.keyStatus(home, { ...process.env, ...env });
      await out(ctx, rows.map((r) => `${r.name.padEnd(15)}  ${r.in.length ? r.in.map((w) => (w === 'aosh-env' ? keys.dotenvPath(home) : 'environment')).join(', ') : '-'}`).join('\n') + '\n');
      return EXIT.OK;
    }
    case 'path':
      if (rest.length) return say(ctx, USAGE, EXIT.USAGE);
      await out(ctx, keys.dotenvPath(home) + '\n');
      return EXIT.OK;
    case 'set': {
      if (rest.length !== 1) return say(ctx, USAGE, EXIT.USAGE);
      const name = keys.keyVariable(rest[0]!);
      if (!name) return say(ctx, `keys set: unknown key name: ${rest[0]} (openai, gemini, google, ${llm.SECRET_VARS.join(', ')})`, EXIT.USAGE);
      let value: string | null;
      if (ctx.stdin.isTTY) {
        try {
          value = await readSecret(`Enter ${name} (not shown): `, ctx.signal);
        } catch (err) {
          return say(ctx, `keys set: cannot read from the terminal: ${(err as Error).message}`, EXIT.ERROR);
        }
        if (value === null) return say(ctx, 'keys set: cancelled; nothing written', 130);
      } else {
        // From a pipe or a file: the first line (echo "$KEY" | think keys set openai).
        value = (await ctx.stdin.readAll()).toString('utf8').split(/\r?\n/)[0] ?? '';
      }
      value = value.trim();
      const bad = keys.checkKeyValue(value);
      if (bad) return say(ctx, `keys set: ${bad}; nothing written`, EXIT.USAGE);
      let path: string;
      try {
        path = keys.writeKey(home, name, value);
      } catch (err) {
        return say(ctx, `keys set: ${(err as Error).message}`, EXIT.ERROR);
      }
      // The next think in this session uses it (the service re-reads its configuration).
      try {
        llm.llmFor(ctx.kernel).reconfigure();
      } catch {
        // a broken config.json: the next start says so
      }
      await say(ctx, `${name} saved in ${path}`, 0);
      const env = ctx.shell?.environment?.() ?? process.env;
      if (env[name]) await say(ctx, `note: ${name} is also set in the environment, which wins over ${path}`, 0);
      return EXIT.OK;
    }
    default:
      return say(ctx, `keys: unknown subcommand: ${sub}; ${USAGE}`, EXIT.USAGE);
  }
}
