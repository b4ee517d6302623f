// Conformance cases (expectations recorded by running bash 5.2): control flow, functions, traps, I/O and whole scripts.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- functions
{
  const t = section('functions');
  t('declare -g under a local assigns the global and leaves the local', 'x=1; f(){ local x=2; declare -g x=3; echo $x; }; f; echo $x; g(){ local a=(l); declare -g a=(g h); echo ${a[@]}; }; g; echo ${a[@]}', '2\n3\nl\ng h\n');
  t('declare -g from a nested call creates a global below the caller local', 'f(){ local v=loc; g; echo "f:$v"; }; g(){ declare -g v=glob; }; f; echo "top:$v"', 'f:loc\ntop:glob\n');
}
// ---------------------------------------------------------------- traps
{
  const t = section('traps');
  t('set -E carries the ERR trap into subshells', 'set -E; trap \'echo caught\' ERR; ( false; echo insub ); x=$(false; echo in); echo "[$x]"; f(){ ( false ); }; f; echo st=$?', 'caught\ninsub\n[caught\nin]\ncaught\ncaught\ncaught\nst=1\n');
  t('without set -E a subshell has no ERR trap', 'trap \'echo caught\' ERR; ( false; echo insub ); echo st=$?', 'insub\nst=0\n');
  t('set -T carries DEBUG and RETURN into subshells', 'set -T; f(){ :; }; trap \'echo R\' RETURN; ( f ); trap \'echo D $BASH_COMMAND\' DEBUG; ( echo a )', 'R\nD echo a\na\n');
}
// ---------------------------------------------------------------- syntax-errors
{
  const t = section('syntax-errors');
  t('an array assignment cut off by the end of input is status 1', 'eval \'a=(1 2\'; echo st=$?; eval \'declare b=(x\'; echo st=$?; eval \'c=(1\'', 'st=1\nst=1\n', 1);
}
// ---------------------------------------------------------------- control
{
  const t = section('control');
  t('select at end of input ends the line on stdout with status 1', 'select x in a b; do echo "[$x]"; done <<< 1; echo st=$?; select y in a; do :; done < /dev/null; echo "st=$? [$REPLY]"', '[a]\n\nst=1\n\nst=1 []\n');
  t('select reads its reply as read does', 'select x in a b c; do echo "[$x|$REPLY]"; done 2>/dev/null', '[b|+2]\n[| a]\n[c| 3 ]\n[|x]\n\n', 1, { stdin: '+2\n\\ a\n 3 \nx\n1' });
}
