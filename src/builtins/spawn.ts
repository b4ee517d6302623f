import type { World } from '../kernel/world/world.js';
import { limitFloorError, parseBytes, parseCpu, parsePids } from '../kernel/cgroups.js';
import { applyPermissionFlag, emptyPermissions, intersect, netBeyond, permissionsFromFlags } from '../kernel/permissions.js';
import { EXIT } from '../kernel/errors.js';
import type { Limits, ProcEntry } from '../kernel/process-table.js';
import { DEFAULT_POLICY, parseRestartMode, superviseSpawn, type RestartPolicy } from '../kernel/supervisor.js';
import { searchPath } from '../lib/which.js';
import { parseFlags, values, type FlagDoc } from './flags.js';
import { backgroundLog } from './background-output.js';
import { isTTY } from '../lib/tty.js';
import { fail, type Builtin } from './types.js';


const USAGE = 'spawn [--name NAME] [--restart no|on-failure|always] [--max-restarts N] [--budget-tokens N] [--budget-usd X] [--mem SIZE] [--cpu N] [--pids N] [--allow-KIND[=...]] [--deny-KIND[=...]] [--] CMD [ARGS...]';

/** Limits as the CLI and spawn read them: 256M, 0.5 (cores), 64 (pids). */
export const parseMem = (v: string): number => must(parseBytes(v), v);
export const parseCpuValue = (v: string): number => must(parseCpu(v), v);
export const parsePidsValue = (v: string): number => must(parsePids(v), v);
function must(n: number | null, v: string): number {
  if (n === null) throw new Error(`invalid value: ${v}`);
  return n;
}

/** --allow-KIND[=...], --deny-KIND[=...], -A: checked and applied by the permissions module. */
export const isPermissionWord = (w: string): boolean => w === '-A' || w === '--allow-all' || /^--(allow|deny)-[a-z]+(=.*)?$/s.test(w) || /^--llm-(calls|tokens)=/.test(w);

const SPAWN_FLAGS: FlagDoc[] = [
  { flag: '--name NAME', description: 'the name used by ps, kill and wait (default: the command name)' },
  { flag: '--restart MODE', description: 'no (default), on-failure or always: restart with exponential backoff (200 ms doubling, at most 10 s)', parse: (v) => parseRestartMode(v) ?? values.oneOf('no', 'on-failure', 'always')(v) },
  { flag: '--max-restarts N', description: 'restarts before the agent is marked failed and a failed event is emitted (default 5)', parse: values.count },
  { flag: '--budget-tokens N', description: "the agent's LLM budget in tokens: its THINKs are refused before sending once it cannot pay", parse: values.number() },
  { flag: '--budget-usd X', description: "the agent's LLM budget in US dollars", parse: values.number() },
  { flag: '--mem SIZE', description: 'memory limit, e.g. 256M or 1G', parse: parseMem },
  { flag: '--cpu N', description: 'cpu limit in cores, e.g. 0.5 (or 50%)', parse: parseCpuValue },
  { flag: '--pids N', description: 'limit on the number of processes', parse: parsePidsValue },
  {
    flag: '--allow-KIND[=...], --deny-KIND[=...], -A',
    key: 'permissions',
    repeat: true,
    match: isPermissionWord,
    description: 'permissions of the stage (KIND: net, read, write, run, env; only these, and never more than the session has)',
  },
];

/** The agents spawn started, per kernel, until they end: a plain `wait` waits for them too. */
const started = new WeakMap<object, Set<ProcEntry>>();

export function spawnedAgents(kernel: object): ProcEntry[] {
  return [...(started.get(kernel) ?? [])];
}

export const spawnBuiltin: Builtin = {
  name: 'spawn',
  synopsis: USAGE,
  description:
    'Start CMD in the background as a kernel process (an agent), print "[ID] NAME pid=PID" and set $!. It shows in ps and can be stopped with kill NAME. Its output goes to the shell\'s stdout/stderr unless redirected. ' +
    'It runs sandboxed like every stage; --mem/--cpu/--pids set its cgroup limits (an OOM kill shows as state oom-killed and status 137), and --allow-*/--deny-* give it exactly those permissions, intersected with the session\'s (--allow-net shares the host network, without it the stage has only loopback).',
  flags: SPAWN_FLAGS,
  examples: [
    { command: 'spawn --name napper sleep 5 >/dev/null; kill napper; wait napper; echo $?', description: 'start, stop and wait for a named agent', output: '143\n' },
    { command: 'spawn --name small --mem 64M --pids 16 sleep 5 >/dev/null; ps --json | grep -c \'"memoryBytes":67108864\'; kill small', description: 'limits show in ps', output: '1\n' },
  ],
  async run(ctx) {
    const { opts, rest: args } = parseFlags(ctx.args, SPAWN_FLAGS);
    const name = opts.name as string | undefined;
    const limits: Limits = {};
    for (const [key, kind] of [['mem', 'memoryBytes'], ['cpu', 'cpu'], ['pids', 'pids']] as const) {
      if (opts[key] === undefined) continue;
      const floor = limitFloorError(kind, opts[key] as number, `--${key}`);
      if (floor) return fail(ctx, floor, 2);
      limits[kind] = opts[key] as number;
    }
    const policy: RestartPolicy = { ...DEFAULT_POLICY };
    if (opts.restart !== undefined) policy.mode = opts.restart as RestartPolicy['mode'];
    if (opts.maxRestarts !== undefined) policy.maxRestarts = opts.maxRestarts as number;
    const budget: { tokens?: number; usd?: number } = {};
    if (opts.budgetTokens !== undefined) budget.tokens = Math.floor(opts.budgetTokens as number);
    if (opts.budgetUsd !== undefined) budget.usd = opts.budgetUsd as number;
    const permFlags = (opts.permissions as string[] | undefined) ?? [];
    for (const flag of permFlags) {
      try {
        applyPermissionFlag(emptyPermissions(), flag);
      } catch (e) {
        return fail(ctx, (e as Error).message, 2);
      }
    }
    // The agent's own grants: the defaults changed by its flags (a list replaces a default),
    // then intersected with the session's below: never more than the session has.
    const perms = permFlags.length ? permissionsFromFlags(permFlags) : undefined;
    if (args.length === 0) return fail(ctx, `usage: ${USAGE}`, 2);
    // -A means "all the session has"; only a named --allow-net asks for a network.
    const noNet = perms && permFlags.some((f) => f.startsWith('--allow-net')) ? netBeyond(ctx.kernel.permissions, perms) : null;
    if (noNet) return fail(ctx, noNet, EXIT.CANNOT_EXECUTE);
    // An agent is a program: find the file even when a builtin has the same name (true, echo).
    const r = ctx.shell.lookup(args[0]!);
    const file = r?.kind === 'file' ? r.path : args[0]!.includes('/') ? args[0] : searchPath(args[0]!, ctx.shell.getVar('PATH') ?? '', ctx.shell.cwd, ctx.kernel.fs);
    if (!file) return fail(ctx, `${args[0]}: command not found`, 127);
    // An agent: its own AGNT endpoint (bound at /tmp/agentos.sock inside its sandbox),
    // permissions that never exceed the session's, and the requested limits.
    const agentName = name ?? args[0]!.split('/').pop()!;
    const ceiling = perms ? intersect(ctx.kernel.permissions, perms) : ctx.kernel.permissions;
    if (budget.tokens !== undefined || budget.usd !== undefined) {
      // The agent's THINKs (over its socket, labelled with its name) pay from this budget.
      const { llmFor } = await import('../kernel/llm/index.js');
      llmFor(ctx.kernel).budgets.add({ scope: 'agent', agent: agentName, ...budget });
    }
    const endpoint = ctx.kernel.sockets.forAgent(agentName, ceiling, ctx.shell.cwd);
    // From the interactive prompt, output that would go to the terminal goes to the agent's log.
    const log = backgroundLog(agentName, ctx.stdout.fd, ctx.stderr.fd);
    const outFd = log && isTTY(ctx.stdout.fd) ? log.fd : ctx.stdout.fd;
    const errFd = log && isTTY(ctx.stderr.fd) ? log.fd : ctx.stderr.fd;
    let entry;
    let world: World | undefined;
    try {
      // Its own world: its permissions, its socket at /tmp/agentos.sock, its own /tmp.
      world = ctx.kernel.sandboxed ? ctx.kernel.worlds.createAgentWorld(agentName, ceiling, ctx.shell.cwd, endpoint.path) : undefined;
      const spec = {
        world,
        file,
        argv: args,
        env: { ...ctx.shell.environment(), AOSH_SOCKET: endpoint.path },
        cwd: ctx.shell.cwd,
        fds: [ctx.stdin.fd, outFd, errFd],
        name: agentName,
        command: args.join(' '),
        limits,
        permissions: perms,
        agent: true,
        // The shell's umask and ulimits reach agents as they reach any command.
        umask: ctx.shell.umask,
        rlimits: ctx.shell.rlimits ? [...ctx.shell.rlimits].map(([r, l]): [number, number, number] => [r, l.soft, l.hard]) : undefined,
      };
      const handle = policy.mode === 'no' ? ctx.kernel.spawn(spec) : superviseSpawn(ctx.kernel, spec, policy);
      entry = handle.entry;
      const mine = started.get(ctx.kernel) ?? new Set<ProcEntry>();
      started.set(ctx.kernel, mine);
      mine.add(entry);
      log?.attach([entry.id], `[${entry.id}] ${entry.name}`, 'agent');
      void handle.done.then(() => {
        mine.delete(handle.entry);
        endpoint.close();
        log?.close();
        if (world) ctx.kernel.worlds.closeWorld(world);
      });
    } catch (e) {
      endpoint.close();
      log?.close();
      if (world) ctx.kernel.worlds.closeWorld(world);
      return fail(ctx, (e as Error).message, 126);
    }
    ctx.shell.setLastBackground(String(entry.pid ?? entry.id));
    await ctx.stdout.write(`[${entry.id}] ${entry.name} pid=${entry.pid ?? '-'}\n`);
    return 0;
  },
};
