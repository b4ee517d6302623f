import { dq } from './export.js';
import { fail, type Builtin, type BuiltinContext } from './types.js';

async function run(ctx: BuiltinContext): Promise<number> {
  const on = new Set<string>();
  const off = new Set<string>();
  const names: string[] = [];
  for (const a of ctx.args) {
    if (names.length === 0 && /^[-+][aAfFgilprux]+$/.test(a)) {
      for (const f of a.slice(1)) (a[0] === '-' ? on : off).add(f);
    } else if (names.length === 0 && /^[-+]./.test(a)) {
      return fail(ctx, `${a}: invalid option (usage: ${ctx.name} [-aixrlugpfF] [name[=value] ...])`, 2);
    } else names.push(a);
  }
  if (on.has('f') || on.has('F')) {
    let status = 0;
    for (const n of names) {
      const src = ctx.shell.functionSource(n);
      if (src === undefined) status = 1;
      else await ctx.stdout.write(on.has('F') ? `declare -f ${n}\n` : `${src}\n`);
    }
    return status;
  }
  if (on.has('p') || names.length === 0) {
    const vars = ctx.shell.variables().filter((v) => names.length === 0 || names.includes(v.name));
    for (const v of vars) {
      const flags = `${v.exported ? 'x' : ''}${v.readonly ? 'r' : ''}`;
      await ctx.stdout.write(`declare -${flags || '-'} ${v.name}${v.value === undefined ? '' : '=' + dq(v.value)}\n`);
    }
    return names.length && vars.length < names.length ? 1 : 0;
  }
  // Inside a function, declare makes its names local (as local does) unless -g.
  const local = ctx.shell.inFunction && !on.has('g');
  let status = 0;
  for (const spec of names) {
    const eq = spec.indexOf('=');
    const name = eq >= 0 ? spec.slice(0, eq) : spec;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      await ctx.stderr.write(`${ctx.name}: \`${spec}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    if (local) ctx.shell.makeLocal(name);
    if (eq >= 0) {
      let value = spec.slice(eq + 1);
      if (on.has('i')) value = String(await ctx.shell.arith(value || '0'));
      if (on.has('l')) value = value.toLowerCase();
      if (on.has('u')) value = value.toUpperCase();
      if (on.has('a')) ctx.shell.setArray(name, [value]);
      else ctx.shell.setVar(name, value);
    } else if (on.has('A')) ctx.shell.makeAssoc(name);
    else if (on.has('a') && ctx.shell.getVar(name) === undefined) ctx.shell.setArray(name, []);
    else if (local && ctx.shell.getVar(name) !== undefined && !on.has('x') && !on.has('r')) ctx.shell.unsetVar(name);
    if (on.has('x')) ctx.shell.exportVar(name);
    if (off.has('x')) {
      const v = ctx.shell.getVar(name);
      ctx.shell.unsetVar(name);
      if (v !== undefined) ctx.shell.setVar(name, v);
    }
    if (on.has('r')) ctx.shell.markReadonly(name);
  }
  return status;
}

const description =
  'Declare variables and give them attributes: -a indexed array, -A associative array, -x export, -r readonly, -i integer (the value is evaluated as arithmetic), -l/-u lower/upper case, -g global (inside a function). -p prints declarations, -f/-F functions. Inside a function the names are local unless -g. -A makes an associative array (m[key]=value, ${m[key]}, ${!m[@]} for the keys).';

export const declareBuiltin: Builtin = {
  name: 'declare',
  synopsis: 'declare [-aAixrlugpfF] [NAME[=VALUE]...]',
  description,
  special: true,
  examples: [
    { command: 'declare -i n=2+3; echo $n', description: 'an integer attribute evaluates the value', output: '5\n' },
    { command: 'f() { declare x=in; }; x=out; f; echo $x', description: 'local inside a function', output: 'out\n' },
  ],
  run,
};

export const typesetBuiltin: Builtin = {
  name: 'typeset',
  synopsis: 'typeset [-aixrlugpfF] [NAME[=VALUE]...]',
  description: 'Same as declare.',
  special: true,
  examples: [{ command: 'typeset -u up=shout; echo $up', description: 'upper-case attribute', output: 'SHOUT\n' }],
  run,
};
