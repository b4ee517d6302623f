// caller: the line, function and file of a call frame (for error reports and stack traces).
import { type Builtin, writeNow } from './types.js';

export const callerBuiltin: Builtin = {
  name: 'caller',
  synopsis: 'caller [N]',
  description:
    'Print where the current function (or sourced file) was called from: "LINE FILE", or with N, "LINE FUNCTION FILE" for the Nth frame up (0 is the caller of the current function). Status 1 when there is no such frame.',
  examples: [{ command: 'f() { g; }; g() { caller 0; }; f', description: 'who called g', output: '1 f environment\n' }],
  run(ctx) {
    const store = ctx.shell.vars;
    const funcs = store.indexed('FUNCNAME')?.values() ?? [];
    const sources = store.indexed('BASH_SOURCE')?.values() ?? [];
    const lines = store.indexed('BASH_LINENO')?.values() ?? [];
    // Outside any function or sourced file there is no frame: status 1 before any argument check.
    if (ctx.shell.funcDepth === 0 && lines.length === 0) return 1;
    let arg = ctx.args[0];
    if (arg === '--') arg = ctx.args[1];
    else if (arg !== undefined && arg.length > 1 && arg.startsWith('-')) return usage(`${arg.slice(0, 2)}: invalid option`);
    // A number as bash reads one (blanks around it allowed), else its invalid-number wording.
    if (arg !== undefined && !/^\s*\+?\d+\s*$/.test(arg)) {
      const what = /^0\d/.test(arg) ? 'octal number' : /^0x/.test(arg) ? 'hex number' : 'number';
      return usage(`${arg}: invalid ${what}`);
    }
    let text: string;
    if (arg === undefined) {
      if (lines[0] === undefined) return 1;
      text = `${lines[0]} ${sources[1] ?? 'NULL'}\n`;
    } else {
      const n = Number(arg.trim());
      if (lines[n] === undefined || funcs[n + 1] === undefined && sources[n + 1] === undefined) return 1;
      text = `${lines[n]} ${funcs[n + 1] ?? 'main'} ${sources[n + 1] ?? 'NULL'}\n`;
    }
    const w = writeNow(ctx.stdout, text);
    return w ? w.then(() => 0) : 0;

    function usage(msg: string): number | Promise<number> {
      const u = writeNow(ctx.stderr, `${ctx.errorPrefix ?? ''}caller: ${msg}\ncaller: usage: caller [expr]\n`);
      return u ? u.then(() => 2) : 2;
    }
  },
};
