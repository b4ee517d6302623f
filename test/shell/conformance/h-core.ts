// Conformance cases (expectations recorded by running bash 5.2): numbers, tests, printf/echo, I/O and control flow:
// break/continue counts and statuses, $? after substitutions, and the other corners below.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- cmdsubst
{
  const t = section('cmdsubst');
  t('dollar-question after a substitution in the same command', 'echo $(exit 3) st=$?; false; echo $? $(true) $?', 'st=3\n1 0\n');
  t('substitution status seen by later assignments', 'a=$(exit 3) b=$?; echo $b; false; x=$? y=$(exit 4) z=$?; echo $x $z', '3\n1 4\n');
  t('substitution status in case, for and cond words', '(exit 9); case $(exit 8) in *) echo $?;; esac; for i in $(exit 3) $?; do echo for $i; done; [[ $(exit 7) == "" && $? == 7 ]] && echo cond', '8\nfor 3\ncond\n');
  t('substitution status in arguments and defaults', 'echo ${v:-$(exit 5)} $?; f(){ echo $1 $2; }; f $(exit 6) $?; echo `exit 2` $?', '5\n6\n2\n');
  t('failed redirection in a substitution sets $?', 'echo $(echo x > /nonexistent/y) st=$?', 'st=1\n');
}

// ---------------------------------------------------------------- control
{
  const t = section('control');
  t('break leaves $? at 0', 'for i in 1; do false; break; done; echo $?; while :; do false; break; done; echo $?', '0\n0\n');
  t('continue leaves $? at 0', 'for i in 1 2; do false; continue; done; echo $?', '0\n');
  t('break from a function keeps status 0', 'f() { false; break; }; for i in 1 2; do f; done; echo $?', '0\n');
  t('break 0 ends every loop with status 1', 'for i in 1 2; do for j in a b; do break 0; echo no; done; echo in; done; echo st=$?', 'st=1\n');
  t('continue 0 ends every loop with status 1', 'for i in 1 2; do for j in a b; do continue 0; echo no; done; echo in; done; echo st=$?', 'st=1\n');
  t('break with a non-numeric count ends the shell', 'for i in 1 2; do echo $i; break x; done; echo st=$?', '1\n', 128);
  t('break count with blanks and a sign', 'for i in 1 2; do for j in 1 2; do break " +2 "; done; done; echo st=$?', 'st=0\n');
  t('break outside a loop ignores its argument', 'break x; echo st=$?; (for i in 1; do :; done; continue x); echo st=$?', 'st=0\nst=0\n');
}
