// The builtin registry: one explicit list, one file per builtin. `help`, completion and
// the examples-as-tests loop all read it.
import type { Builtin } from './types.js';
import { withHelp } from './dispatch.js';
import { agentBuiltin } from './agent.js';
import { aliasBuiltin, unaliasBuiltin } from './alias.js';
import { callerBuiltin } from './caller.js';
import { disownBuiltin } from './disown.js';
import { enableBuiltin } from './enable.js';
import { hashBuiltin } from './hash.js';
import { compgenBuiltin } from './compgen.js';
import { completeBuiltin, compoptBuiltin } from './complete.js';
import { mapfileBuiltin, readarrayBuiltin } from './mapfile.js';
import { shoptBuiltin } from './shopt.js';
import { auditBuiltin } from './audit.js';
import { builtinBuiltin } from './builtin.js';
import { cdBuiltin } from './cd.js';
import { dashboardBuiltin } from './dashboard.js';
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
import { historyBuiltin } from './history.js';
import { fcBuiltin } from './fc.js';
import { suspendBuiltin } from './suspend.js';
import { bindBuiltin } from './bind.js';
import { fgBuiltin } from './fg.js';
import { bgBuiltin } from './bg.js';
import { jobsBuiltin } from './jobs.js';
import { killBuiltin } from './kill.js';
import { letBuiltin } from './let.js';
import { localBuiltin } from './local.js';
import { metricsBuiltin } from './metrics.js';
import { mcpBuiltin } from './mcp.js';
import { breakBuiltin, continueBuiltin } from './loop-control.js';
import { netBuiltin } from './net.js';
import { pipeBuiltin } from './pipe.js';
import { printfBuiltin } from './printf.js';
import { psBuiltin } from './ps.js';
import { pwdBuiltin } from './pwd.js';
import { readBuiltin } from './read.js';
import { readonlyBuiltin } from './readonly.js';
import { sandboxBuiltin } from './sandbox.js';
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
import { umaskBuiltin } from './umask.js';
import { ulimitBuiltin } from './ulimit.js';
import { dirsBuiltin, popdBuiltin, pushdBuiltin } from './dirstack.js';
import { timesBuiltin } from './times.js';
import { logoutBuiltin } from './logout.js';

const ALL: Builtin[] = [
  agentBuiltin,
  colonBuiltin, dotBuiltin, bracketBuiltin, auditBuiltin, breakBuiltin, builtinBuiltin, cdBuiltin, commandBuiltin, continueBuiltin, convBuiltin,
  declareBuiltin, echoBuiltin, evalBuiltin,
  execBuiltin, exitBuiltin, exportBuiltin, falseBuiltin, getoptsBuiltin, helpBuiltin, jobsBuiltin, killBuiltin, letBuiltin, localBuiltin, mcpBuiltin,
  netBuiltin, pipeBuiltin, printfBuiltin, psBuiltin, pwdBuiltin, readBuiltin, readonlyBuiltin, returnBuiltin, sandboxBuiltin, setBuiltin, shiftBuiltin, sourceBuiltin,
  spawnBuiltin, testBuiltin, thinkBuiltin, trapBuiltin, typesetBuiltin, trueBuiltin, typeBuiltin, unsetBuiltin, waitBuiltin,
];

ALL.push(fgBuiltin, bgBuiltin, historyBuiltin, fcBuiltin, suspendBuiltin, bindBuiltin, dashboardBuiltin, metricsBuiltin);
// The process-attribute builtins (umask, ulimit), the directory stack, times and logout.
ALL.push(umaskBuiltin, ulimitBuiltin, pushdBuiltin, popdBuiltin, dirsBuiltin, timesBuiltin, logoutBuiltin);
ALL.push(aliasBuiltin, unaliasBuiltin, callerBuiltin, disownBuiltin, enableBuiltin, hashBuiltin, mapfileBuiltin, readarrayBuiltin, shoptBuiltin);
ALL.push(compgenBuiltin, completeBuiltin, compoptBuiltin);
// Every builtin answers --help from its own declaration (dispatch.ts).
for (let i = 0; i < ALL.length; i++) ALL[i] = withHelp(ALL[i]!);

const BY_NAME = new Map(ALL.map((b) => [b.name, b]));

export function getBuiltin(name: string): Builtin | undefined {
  return BY_NAME.get(name);
}

export function listBuiltins(): Builtin[] {
  return [...ALL].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Adds a builtin at run time (later issues register think, agent, conv ...). */
export function registerBuiltin(b: Builtin): void {
  const wrapped = withHelp(b);
  const i = ALL.findIndex((x) => x.name === b.name);
  if (i >= 0) ALL[i] = wrapped;
  else ALL.push(wrapped);
  BY_NAME.set(b.name, wrapped);
}
