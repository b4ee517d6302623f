// The builtin registry: one explicit list, one file per builtin. `help`, completion and
// the examples-as-tests loop all read it.
import type { Builtin } from './types.js';
import { agentBuiltin } from './agent.js';
import { aliasBuiltin, unaliasBuiltin } from './alias.js';
import { callerBuiltin } from './caller.js';
import { disownBuiltin } from './disown.js';
import { enableBuiltin } from './enable.js';
import { hashBuiltin } from './hash.js';
import { mapfileBuiltin, readarrayBuiltin } from './mapfile.js';
import { shoptBuiltin } from './shopt.js';
import { auditBuiltin } from './audit.js';
import { builtinBuiltin } from './builtin.js';
import { cdBuiltin } from './cd.js';
import { commandBuiltin } from './command.js';
import { convBuiltin } from './conv.js';
import { declareBuiltin, typesetBuiltin } from './declare.js';
import { echoBuiltin } from './echo.js';
import { evalBuiltin } from './eval.js';
import { execBuiltin } from './exec.js';
import { exitBuiltin, returnBuiltin } from './exit.js';
import { exportBuiltin } from './export.js';
import { getoptsBuiltin } from './getopts.js';
import { helpBuiltin } from './help.js';
import { fgBuiltin } from './fg.js';
import { bgBuiltin } from './bg.js';
import { jobsBuiltin } from './jobs.js';
import { killBuiltin } from './kill.js';
import { letBuiltin } from './let.js';
import { localBuiltin } from './local.js';
import { breakBuiltin, continueBuiltin } from './loop-control.js';
import { pipeBuiltin } from './pipe.js';
import { printfBuiltin } from './printf.js';
import { psBuiltin } from './ps.js';
import { pwdBuiltin } from './pwd.js';
import { readBuiltin } from './read.js';
import { readonlyBuiltin } from './readonly.js';
import { setBuiltin } from './set.js';
import { shiftBuiltin } from './shift.js';
import { dotBuiltin, sourceBuiltin } from './source.js';
import { spawnBuiltin } from './spawn.js';
import { bracketBuiltin, testBuiltin } from './test.js';
import { thinkBuiltin } from './think.js';
import { trapBuiltin } from './trap.js';
import { colonBuiltin, falseBuiltin, trueBuiltin } from './true.js';
import { typeBuiltin } from './type.js';
import { unsetBuiltin } from './unset.js';
import { waitBuiltin } from './wait.js';

const ALL: Builtin[] = [
  agentBuiltin,
  colonBuiltin, dotBuiltin, bracketBuiltin, auditBuiltin, breakBuiltin, builtinBuiltin, cdBuiltin, commandBuiltin, continueBuiltin, convBuiltin,
  declareBuiltin, echoBuiltin, evalBuiltin,
  execBuiltin, exitBuiltin, exportBuiltin, falseBuiltin, getoptsBuiltin, helpBuiltin, jobsBuiltin, killBuiltin, letBuiltin, localBuiltin,
  pipeBuiltin, printfBuiltin, psBuiltin, pwdBuiltin, readBuiltin, readonlyBuiltin, returnBuiltin, setBuiltin, shiftBuiltin, sourceBuiltin,
  spawnBuiltin, testBuiltin, thinkBuiltin, trapBuiltin, typesetBuiltin, trueBuiltin, typeBuiltin, unsetBuiltin, waitBuiltin,
];

ALL.push(fgBuiltin, bgBuiltin);
ALL.push(aliasBuiltin, unaliasBuiltin, callerBuiltin, disownBuiltin, enableBuiltin, hashBuiltin, mapfileBuiltin, readarrayBuiltin, shoptBuiltin);

const BY_NAME = new Map(ALL.map((b) => [b.name, b]));

export function getBuiltin(name: string): Builtin | undefined {
  return BY_NAME.get(name);
}

export function listBuiltins(): Builtin[] {
  return [...ALL].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Adds a builtin at run time (later issues register think, agent, conv ...). */
export function registerBuiltin(b: Builtin): void {
  if (!BY_NAME.has(b.name)) ALL.push(b);
  BY_NAME.set(b.name, b);
}
