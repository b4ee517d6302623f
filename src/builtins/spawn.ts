import type { World } from '../kernel/world/world.js';
import { limitFloorError, parseBytes, parseCpu, parsePids } from '../kernel/cgroups.js';
import { applyPermissionFlag, emptyPermissions, intersect, permissionsFromFlags } from '../kernel/permissions.js';
import type { Limits } from '../kernel/process-table.js';
import { DEFAULT_POLICY, parseRestartMode, superviseSpawn, type RestartPolicy } from '../kernel/supervisor.js';
import { searchPath } from '../lib/which.js';
import { fail, type Builtin } from './types.js';


const USAGE = 'spawn [--name NAME] [--restart no|on-failure|always] [--max-restarts N] [--budget-tokens N] [--budget-usd X] [--mem SIZE] [--cpu N] [--pids N] [--allow-KIND[=...]] [--deny-KIND[=...]] [--] CMD [ARGS...]';

export const spawnBuiltin: Builtin = {
  name: 'spawn',
  synopsis: USAGE,
  description:
    'Start CMD in the background as a kernel process (an agent), print "[ID] NAME pid=PID" and set $!. It shows in ps and can be stopped with kill NAME. Its output goes to the shell\'s stdout/stderr unless redirected. ' +
    'It runs sandboxed like every stage; --mem/--cpu/--pids set its cgroup limits (an OOM kill shows as state oom-killed and status 137), and --allow-*/--deny-* give it exactly those permissions, intersected with the session\'s (--allow-net shares the host network, without it the stage has only loopback).',
  flags: [
    { flag: '--name NAME', description: 'the name used by ps, kill and wait (default: the command name)' },
    { flag: '--restart MODE', description: 'no (default), on-failure or always: restart with exponential backoff (200 ms doubling, at most 10 s)' },
    { flag: '--budget-tokens N', description: "the agent's LLM budget in tokens: its THINKs are refused before sending once it cannot pay" },
    { flag: '--budget-usd X', description: "the agent's LLM budget in US dollars" },
    { flag: '--max-restarts N', description: 'restarts before the agent is marked failed and a failed event is emitted (default 5)' },
    { flag: '--mem SIZE', description: 'memory limit, e.g. 256M or 1G' },
    { flag: '--cpu N', description: 'cpu limit in cores, e.g. 0.5 (or 50%)' },
    { flag: '--pids N', description: 'limit on the number of processes' },
    { flag: '--allow-net, --allow-read=P, --allow-write=P, --allow-env=V, -A', description: 'permissions of the stage (only these, and never more than the session has)' },
  ],
  examples: [
    { command: 'spawn --name napper sleep 5 >/dev/null; kill napper; wait napper; echo $?', description: 'start, stop and wait for a named agent', output: '143\n' },
    { command: 'spawn --name small --mem 64M --pids 16 sleep 5 >/dev/null; ps --json | grep -c \'"memoryBytes":67108864\'; kill small', description: 'limits show in ps', output: '1\n' },
  ],
  async run(ctx) {
    let args = ctx.args;
    let name: string | undefined;
    const limits: Limits = {};
    const permFlags: string[] = [];
    const policy: RestartPolicy = { ...DEFAULT_POLICY };
    const budget: { tokens?: number; usd?: number } = {};
    const value = (flag: string): string | undefined => {
      if (args[0]!.startsWith(`${flag}=`)) {
        const v = args[0]!.slice(flag.length + 1);
        args = args.slice(1);
        return v;
      }
      const v = args[1];
      args = args.slice(2);
      return v;
    };
    while (args.length && args[0]!.startsWith('-') && args[0] !== '-') {
      const a = args[0]!;
      if (a === '--') {
        args = args.slice(1);
        break;
      }
      const flag = /^--(name|mem|cpu|pids|restart|max-restarts|budget-tokens|budget-usd)(=|$)/.exec(a)?.[1];
      if (flag) {
        const v = value(`--${flag}`);
        if (!v) return fail(ctx, `--${flag} needs a value`, 2);
        if (flag === 'name') name = v;
        else if (flag === 'restart') {
          const mode = parseRestartMode(v);
          if (!mode) return fail(ctx, `--restart: expected no, on-failure or always, got ${v}`, 2);
          policy.mode = mode;
        } else if (flag === 'budget-tokens' || flag === 'budget-usd') {
          const n = Number(v);
          if (!Number.isFinite(n) || n < 0) return fail(ctx, `--${flag}: not a non-negative number: ${v}`, 2);
          if (flag === 'budget-tokens') budget.tokens = Math.floor(n);
          else budget.usd = n;
        } else if (flag === 'max-restarts') {
          if (!/^\d+$/.test(v)) return fail(ctx, `--max-restarts: not a count: ${v}`, 2);
          policy.maxRestarts = Number(v);
        }
        else {
          const parsed = flag === 'mem' ? parseBytes(v) : flag === 'cpu' ? parseCpu(v) : parsePids(v);
          if (parsed === null) return fail(ctx, `--${flag}: invalid value: ${v}`, 2);
          const kind = flag === 'mem' ? 'memoryBytes' : flag === 'cpu' ? 'cpu' : 'pids';
          const floor = limitFloorError(kind, parsed, `--${flag}`);
          if (floor) return fail(ctx, floor, 2);
          limits[kind] = parsed;
        }
        continue;
      }
      let isPerm: boolean;
      try {
        isPerm = applyPermissionFlag(emptyPermissions(), a);
      } catch (e) {
        return fail(ctx, (e as Error).message, 2);
      }
      if (!isPerm) return fail(ctx, `unknown option: ${a}`, 2);
      permFlags.push(a);
      args = args.slice(1);
    }
    // The agent's own grants: the defaults changed by its flags (a list replaces a default),
    // then intersected with the session's below: never more than the session has.
    const perms = permFlags.length ? permissionsFromFlags(permFlags) : undefined;
    if (args.length === 0) return fail(ctx, `usage: ${USAGE}`, 2);
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
        fds: [ctx.stdin.fd, ctx.stdout.fd, ctx.stderr.fd],
        name: agentName,
        command: args.join(' '),
        limits,
        permissions: perms,
        agent: true,
      };
      const handle = policy.mode === 'no' ? ctx.kernel.spawn(spec) : superviseSpawn(ctx.kernel, spec, policy);
      entry = handle.entry;
      void handle.done.then(() => {
        endpoint.close();
        if (world) ctx.kernel.worlds.closeWorld(world);
      });
    } catch (e) {
      endpoint.close();
      if (world) ctx.kernel.worlds.closeWorld(world);
      return fail(ctx, (e as Error).message, 126);
    }
    ctx.shell.setLastBackground(String(entry.pid ?? entry.id));
    await ctx.stdout.write(`[${entry.id}] ${entry.name} pid=${entry.pid}\n`);
    return 0;
  },
};
