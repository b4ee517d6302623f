// The ShellAccess a builtin receives: a narrow view bound to one context.
import { isFile } from '../kernel/fs-view.js';
import { resolve } from 'node:path';
import type { ShellAccess } from '../builtins/types.js';
import { getBuiltin } from '../builtins/index.js';
import { BreakSignal, ContinueSignal, ExitSignal, ReturnSignal, type ShellContext, type ShellOptions } from './context.js';
import type { Shell } from './executor.js';
import { parse, ParseError } from './parser.js';
import { findExecutable, invokeBuiltin, runExternalWords } from './simple.js';

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'while', 'until', 'do', 'done', 'in', 'function', '{', '}', '!', '[[', ']]']);

export function makeShellAccess(shell: Shell, ctx: ShellContext): ShellAccess {
  return {
    getVar: (n) => ctx.get(n),
    setVar: (n, v) => ctx.set(n, v),
    unsetVar: (n) => ctx.unset(n),
    setArray: (n, els) => ctx.setArray(n, els),
    makeAssoc: (n) => ctx.makeAssoc(n),
    unsetElement: async (n, sub) => ctx.unsetElement(n, ctx.getAssoc(n) ? sub : Number(await shell.expander(ctx).arith(sub))),
    exportVar: (n, v) => {
      if (v !== undefined) ctx.set(n, v, true);
      else {
        const cur = ctx.vars.get(n);
        if (cur) cur.exported = true;
        else ctx.vars.set(n, { value: undefined, exported: true });
      }
    },
    makeLocal: (n) => ctx.makeLocal(n),
    markReadonly: (n) => {
      const v = ctx.vars.get(n);
      if (v) v.readonly = true;
      else ctx.vars.set(n, { value: undefined, exported: false, readonly: true });
    },
    variables: () =>
      [...ctx.vars.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, v]) => ({ name, value: v.value, exported: v.exported, readonly: Boolean(v.readonly) })),
    environment: () => ctx.environment(),
    get cwd() {
      return ctx.cwd;
    },
    set cwd(dir: string) {
      ctx.cwd = dir;
    },
    get positional() {
      return ctx.positional;
    },
    set positional(p: string[]) {
      ctx.positional = p;
    },
    get scriptName() {
      return ctx.scriptName;
    },
    get lastStatus() {
      return ctx.lastStatus;
    },
    get interactive() {
      return shell.interactive;
    },
    getOption: (name) => (name in ctx.options ? ctx.options[name as keyof ShellOptions] : undefined),
    setOption: (name, on) => {
      if (!(name in ctx.options)) return false;
      ctx.options[name as keyof ShellOptions] = on;
      if (name === 'vi' || name === 'emacs') ctx.options[name === 'vi' ? 'emacs' : 'vi'] = !on; // one keymap, as in bash
      return true;
    },
    options: () => ({ ...ctx.options }),
    functionSource: (n) => ctx.functions.get(n)?.source,
    unsetFunction: (n) => ctx.functions.delete(n),
    get loopDepth() {
      return ctx.loopDepth;
    },
    get inFunction() {
      return ctx.funcDepth > 0 || ctx.sourceDepth > 0;
    },
    breakLoop: (n) => {
      throw new BreakSignal(Math.min(n, ctx.loopDepth));
    },
    continueLoop: (n) => {
      throw new ContinueSignal(Math.min(n, ctx.loopDepth));
    },
    returnFromFunction: (status) => {
      throw new ReturnSignal(status);
    },
    eval: async (source, origin) => {
      let script;
      try {
        script = parse(source, { origin });
      } catch (e) {
        if (e instanceof ParseError) {
          await shell.reportSyntaxError(ctx, e, source, origin);
          return 2;
        }
        throw e;
      }
      return shell.runStmts(script.body, ctx);
    },
    source: async (path, args) => {
      const file = path.includes('/') ? resolve(ctx.cwd, path) : (findInPath(path, ctx, shell) ?? resolve(ctx.cwd, path));
      let text: string;
      try {
        text = shell.kernel.fs.readFile(file).toString('utf8');
      } catch {
        await shell.errorLine(ctx, `${path}: No such file or directory`);
        return 1;
      }
      const savedPositional = ctx.positional;
      if (args) ctx.positional = args;
      ctx.sourceDepth++;
      try {
        return await shell.runSource(text, ctx, path);
      } catch (e) {
        if (e instanceof ReturnSignal) return e.status;
        throw e;
      } finally {
        ctx.sourceDepth--;
        if (args) ctx.positional = savedPositional;
      }
    },
    runCommand: async (argv, opts) => {
      const b = opts.skipBuiltins ? undefined : getBuiltin(argv[0]!);
      if (b) return invokeBuiltin(shell, b, argv, ctx);
      return runExternalWords(shell, argv, ctx);
    },
    lookup: (name) => {
      if (KEYWORDS.has(name)) return { kind: 'keyword' };
      const fn = ctx.functions.get(name);
      if (fn) return { kind: 'function', body: fn.source };
      if (getBuiltin(name)) return { kind: 'builtin' };
      const path = findExecutable(name, ctx, shell.kernel.fs);
      if (path && !name.includes('/')) return { kind: 'file', path };
      if (path && name.includes('/')) return { kind: 'file', path: name };
      return null;
    },
    jobs: {
      list: () => shell.jobs.list(),
      find: (spec) => shell.jobs.find(spec),
      current: () => shell.jobs.current(),
      forget: (id) => shell.jobs.forget(id),
      resume: (id, foreground) => shell.jobs.resume(shell, id, foreground),
    },
    arith: (expr) => shell.expander(ctx).arith(expr),
    traps: ctx.traps,
    spawnBackground: async (argv, file, name) => {
      const fds = [ctx.fds.get(0) ?? -1, ctx.fds.get(1) ?? -1, ctx.fds.get(2) ?? -1];
      const h = shell.kernel.spawn({ file, argv, env: ctx.environment(), cwd: ctx.cwd, fds, name, command: argv.join(' '), parent: ctx.taskId });
      return h.entry;
    },
    setLastBackground: (v) => {
      ctx.lastBackground = v;
    },
    exit: (status) => {
      throw new ExitSignal(status);
    },
  };
}

/** `.` without a slash searches PATH, then (bash, not POSIX mode) the current directory. */
function findInPath(name: string, ctx: ShellContext, shell: Shell): string | null {
  for (const dir of (ctx.get('PATH') ?? '').split(':')) {
    const full = resolve(ctx.cwd, dir || '.', name);
    const st = shell.kernel.fs.stat(full);
    if (st && isFile(st)) return full;
  }
  return null;
}
