// Conformance cases (expectations recorded by running bash 5.2): builtins and shell state as a script
// sees them: aliases read again in substitutions, ERR/set -e and compound commands, break/continue
// statuses, fatal signals and the EXIT trap, exec options, source/eval details, xtrace heads and quoting.
import { section } from '../conformance-table.js';

{
  const t = section('aliases');
  t('an alias is used in a command substitution on the same line', 'shopt -s expand_aliases; alias e=\'echo sub\'; echo $(e) "$(e)" `e`', 'sub sub sub\n');
  t('a function sees an alias defined after it in a substitution', 'shopt -s expand_aliases\nf() { echo "[$(e)]"; }\nalias e=\'echo late\'\nf', '[late]\n');
  t('an alias in a process substitution', 'shopt -s expand_aliases; alias e=\'echo proc\'; cat <(e)', 'proc\n');
  t('a quoted substitution then a backquoted one with aliases', 'shopt -s expand_aliases\nalias e=\'echo x\'\necho "$(e)" `e` "$(e)"', 'x x x\n');
  t('aliases for braces open and close a group', 'shopt -s expand_aliases\nalias begin=\'{\' end=\'}\'\nbegin echo in; end', 'in\n');
  t('an alias for done closes a loop', 'shopt -s expand_aliases\nalias end=done\nfor i in 1 2; do echo $i; end', '1\n2\n');
  t('an empty alias on its own line is no command', 'shopt -s expand_aliases\nalias e=\'\'\ne\necho ok $?', 'ok 0\n');
  t('an empty alias before a semicolon is a syntax error', 'shopt -s expand_aliases\nalias e=\'\'\ne; echo no', '', 2);
}
{
  const t = section('traps');
  t('ERR runs once for a failing group', 'trap \'echo ERR\' ERR; { false; }; echo st=$?', 'ERR\nst=1\n');
  t('ERR runs once for a failing if body', 'trap \'echo ERR\' ERR; if true; then false; fi; echo st=$?', 'ERR\nst=1\n');
  t('ERR runs once for a loop and a case', 'trap \'echo ERR\' ERR; for i in 1; do false; done; case x in x) false;; esac; echo st=$?', 'ERR\nERR\nst=1\n');
  t('a group redirection covers the ERR trap inside', 'trap \'echo ERR\' ERR; { false; } >/dev/null; echo st=$?', 'st=1\n');
  t('ERR after a failing subshell and a function', 'trap \'echo ERR $?\' ERR; (exit 3); f() { return 4; }; f; echo end', 'ERR 3\nERR 4\nend\n');
}
{
  const t = section('set-e');
  t('a group whose last and-or list fails does not exit', 'set -e; { false && true; }; echo after $?', 'after 1\n');
  t('a loop and an if ending in a tested failure go on', 'set -e; for i in 1; do false && true; done; echo a $?; if true; then false || false && true; fi; echo b $?', 'a 1\nb 1\n');
  t('a case ending in a tested failure goes on', 'set -e; case a in a) false && true;; esac; echo after $?', 'after 1\n');
  t('a function ending in a tested failure exits', 'set -e; f() { false && true; }; f; echo no', '', 1);
  t('a subshell ending in a tested failure exits', 'set -e; (false && true); echo no', '', 1);
}
{
  const t = section('control');
  t('break leaves the loop with status 0', 'while true; do false; break; done; echo $?; for i in 1 2; do false; continue; done; echo $?', '0\n0\n');
  t('break 2 from an inner loop is status 0', 'for i in 1; do for j in 1; do (exit 3); break 2; done; done; echo $?', '0\n');
  t('break 0 leaves every loop with status 1', 'for i in 1 2; do for j in a b; do echo $i$j; break 0; done; echo inner; done; echo end $?', '1a\nend 1\n');
  t('continue with a negative count ends all loops', 'for i in 1 2; do echo $i; continue -1; echo no; done; echo end $?', '1\nend 1\n');
  t('break with a word ends the shell with 128', 'for i in 1 2; do echo $i; break x; echo no; done; echo end', '1\n', 128);
  t('break with two counts abandons the line', 'for i in 1 2; do echo $i; break 1 2; done; echo same-line', '1\n', 1);
  t('break outside a loop is status 0', 'false; break; echo $?; continue 2; echo $?', '0\n0\n');
}
{
  const t = section('traps');
  t('a TERM to the shell runs the EXIT trap', 'trap \'echo bye\' EXIT; kill -TERM $$; echo no', 'bye\n', 143);
  t('INT and HUP to the shell run the EXIT trap too', 'trap \'echo bye $?\' EXIT; kill -HUP $$; echo no', 'bye 0\n', 129);
  t('exit in a TERM trap runs the EXIT trap', 'trap \'echo X\' EXIT; trap \'exit 7\' TERM; kill -TERM $$', 'X\n', 7);
  t('a signal sent by the last command runs its trap', 'trap \'echo got $?\' USR1; (exit 3); kill -USR1 $$', 'got 0\n');
  t('a lone action without a signal is a usage error', 'trap \'echo x\'; echo $?; trap -; echo $?', '2\n2\n');
  t('a lone signal name resets it', 'trap \'echo x\' INT; trap INT; trap -p; echo $?', '0\n');
  t('a number that is no signal is an action', 'trap 99 INT; trap -p INT', 'trap -- \'99\' SIGINT\n');
  t('real-time signals are listed by number', 'trap \'echo hi\' RTMAX SIGRTMIN+2 RTMIN RTMAX-1 rtmin+20; trap -p', 'trap -- \'echo hi\' SIGRTMIN\ntrap -- \'echo hi\' SIGRTMIN+2\ntrap -- \'echo hi\' SIGRTMAX-10\ntrap -- \'echo hi\' SIGRTMAX-1\ntrap -- \'echo hi\' SIGRTMAX\n');
  t('RTMAX-0 is no signal', 'trap \'echo hi\' RTMAX-0; echo $?', '1\n');
}
{
  const t = section('builtins');
  t('exec does not run the EXIT trap', 'trap \'echo bye\' EXIT; exec echo replaced', 'replaced\n');
  t('exec of a missing command runs it and exits 127', 'trap \'echo bye\' EXIT; exec nosuch 2>/dev/null; echo no', 'bye\n', 127);
  t('execfail keeps the shell after a failed exec', 'shopt -s execfail; exec nosuch 2>/dev/null; echo still $?', 'still 127\n');
  t('exec -a sets argv[0]', 'exec -a myname sh -c \'echo $0\'', 'myname\n');
  t('exec -l adds a dash', 'exec -l sh -c \'echo $0\'', '-sh\n');
  t('exec -c empties the environment', 'export X=1; exec -c sh -c \'echo ${X-unset}\'', 'unset\n');
  t('an invalid exec option is status 2 and the shell goes on', 'exec -Z 2>/dev/null; echo $?; exec -a 2>/dev/null; echo $?', '2\n2\n');
}
{
  const t = section('eval-source');
  t('eval skips --', 'eval -- \'echo dd\'', 'dd\n');
  t('eval rejects an option', 'eval -x 2>/dev/null; echo $?', '2\n');
  t('source and builtin reject options', 'source -x 2>/dev/null; echo $?; builtin -x 2>/dev/null; echo $?; builtin -- echo ok', '2\n2\nok\n');
  t('source of an empty file returns 0', 'printf \'# only a comment\\n\\n\' > e.sh; false; . ./e.sh; echo $?', '0\n');
  t('set in a sourced file with arguments keeps its parameters', 'echo \'set -- new; echo in $1\' > s.sh; set -- old; . ./s.sh arg; echo $1', 'in new\nnew\n');
  t('shift in a sourced file with arguments is undone', 'echo \'shift; echo in $#\' > s.sh; set -- a b; . ./s.sh x y z; echo "$@"', 'in 2\na b\n');
  t('FUNCNAME names source inside a function', 'echo \'echo "${FUNCNAME[*]}"; caller 0\' > s.sh; f() { . ./s.sh; }; f; . ./s.sh; echo "[${FUNCNAME[*]}]"', 'source f\n1 f environment\n\n[]\n');
}
{
  const t = section('set-shopt');
  t('xtrace shows a for head on every iteration as written', 'exec 2>&1; x="1 2"; set -x; for i in $x "a b"; do :; done', '+ for i in $x "a b"\n+ :\n+ for i in $x "a b"\n+ :\n+ for i in $x "a b"\n+ :\n');
  t('xtrace of for without a list and of case', 'exec 2>&1; set -x; for i; do :; done; case $1 in *) ;; esac', '+ for i in "$@"\n+ :\n+ for i in "$@"\n+ :\n+ case $1 in\n', 0, { args: ['sh', 'p', 'q'] });
  t('xtrace of select', 'exec 2>&1; set -x; select s in \'p q\' r; do break; done <<< 1', '+ select s in \'p q\' r\n1) p q\n2) r\n#? + break\n');
  t('xtrace quoting of words', 'exec 2>&1; set -x; echo \'\' a#b \'#a\' \'~x\' a~b \'x=~y\' ^a \'a!\' a=b -n % @ \'a]\' "a\'b"', '+ echo \'\' a#b \'#a\' \'~x\' a~b \'x=~y\' \'^a\' \'a!\' a=b -n % @ \'a]\' \'a\'\\\'\'b\'\n a#b #a ~x a~b x=~y ^a a! a=b -n % @ a] a\'b\n');
  t('xtrace of unprintable and UTF-8 words', 'exec 2>&1; set -x; echo é $\'\\001\' $\'\\e\' $\'\\x7f\' $\'a\\tb\'', '+ echo é $\'\\001\' $\'\\E\' $\'\\177\' \'a\tb\'\né \x01 \x1b \x7f a\tb\n');
  t('xtrace of empty assignments', 'exec 2>&1; set -x; x= ; y=\'\'; z=\'a b\'; w=$\'\\001\'; a[1]=; h=(x \'\' \'a b\')', '+ x=\n+ y=\n+ z=\'a b\'\n+ w=$\'\\001\'\n+ a[1]=\n+ h=(x \'\' \'a b\')\n');
}
{
  const t = section('param-ops');
  t('indirection through an unset name under set -u', 'set -u; echo ${!nope}; echo no', '', 1);
  t('indirection to a missing positional parameter', 'echo "[${!1}]"; set -u; echo ${!1}; echo no', '[]\n', 127);
}
{
  const t = section('read-builtin');
  t('read into an array element', 'read \'a[1]\' <<<hello; declare -A h; read \'h[k]\' x <<<\'v w\'; echo "${a[1]} ${h[k]} $x"', 'hello v w\n');
  t('a backslash at the end of input is dropped', 'printf \'ab\\\\\' | { read x; echo "$? [$x]"; }; printf \'ab\\\\\' | { read -r x; echo "$? [$x]"; }', '1 [ab]\n1 [ab\\]\n');
}
{
  const t = section('mapfile');
  t('mapfile refuses an associative array', 'declare -A h; mapfile h < /dev/null 2>/dev/null; echo $?', '1\n');
}
{
  const t = section('builtins');
  t('unset -f -v together is an error', 'x=1; unset -f -v x 2>/dev/null; echo $? $x', '1 1\n');
}
{
  const t = section('declare-misc');
  t('declare -u and -l together set neither', 'declare -ul c=Ab; declare -p c', 'declare -- c="Ab"\n');
  t('local -I starts from the outer value', 'x=out; declare -i n=5; f() { local -I x n; echo "[$x]"; n=2+3; echo $n; }; f; echo $n', '[out]\n5\n5\n');
  t('local -g assigns the global', 'f() { local -g x=1; }; f; echo "[$x]"', '[1]\n');
}
{
  const t = section('command-lookup');
  t('hash with hashing off', 'set +h; hash 2>/dev/null; echo $?; hash ls 2>/dev/null; echo $?', '1\n1\n');
  t('hash -d of a name not remembered', 'hash -d nosuch; echo $?', '0\n');
  t('command -p searches the standard path', 'PATH=/nowhere; command -pv sh; command -p sh -c \'echo $0\'; command -pV ls', '/bin/sh\nsh\nls is /bin/ls\n');
  t('type -t -p -P: the last given wins', 'type -tp ls; type -pt ls; type -Pt ls; type -tp echo; echo $?', '/usr/bin/ls\nfile\nfile\n0\n');
}
{
  const t = section('special-vars');
  t('GROUPS starts with the primary group', '[ "$GROUPS" = "$(id -g)" ] && echo ok; [ ${#GROUPS[@]} -ge 1 ] && echo some', 'ok\nsome\n');
  t('COMP_WORDBREAKS has its default', 'declare -p COMP_WORDBREAKS', 'declare -- COMP_WORDBREAKS=$\' \\t\\n"\\\'@><=;|&(:\'\n');
  t('LINENO and SRANDOM attributes', 'declare -p LINENO | cut -d= -f1; declare -p SRANDOM | cut -d= -f1', 'declare -- LINENO\ndeclare -i SRANDOM\n');
}
{
  const t = section('traps');
  t('the RETURN trap sees the status before return', 'f() { trap \'echo ret $?\' RETURN; (exit 4); return 3; }; f; echo $?; g() { trap \'echo ret $?\' RETURN; false; }; g; echo $?', 'ret 4\n3\nret 1\n1\n');
  t('the RETURN trap of a sourced file that returns', 'echo \'return 3\' > s.sh; trap \'echo ret $?\' RETURN; . ./s.sh; echo $?', 'ret 0\n3\n');
  t('an EXIT trap counts its own lines', 'trap \'echo exit $LINENO\' EXIT\necho a\n\necho b', 'a\nb\nexit 1\n');
  t('a signal trap counts its own lines', 'trap \'echo usr $LINENO\' USR1\n\nkill -USR1 $$\necho after', 'usr 1\nafter\n');
}
{
  const t = section('builtins');
  t('getopts into a readonly name is status 2', 'readonly o; set -- -a -b; getopts ab o 2>/dev/null; echo "$? $OPTIND"; getopts ab o 2>/dev/null; echo "$? $OPTIND"; getopts ab o 2>/dev/null; echo "$? $OPTIND"', '2 2\n2 3\n1 3\n');
}
{
  const t = section('assignments');
  t('a readonly prefix assignment still runs a builtin', 'declare -r R=1; R=2 echo temp $R; echo after $?', 'temp 1\nafter 0\n');
  t('a readonly prefix assignment still runs a function', 'readonly R=1; f() { echo fn $R; }; R=2 f; echo after $?', 'fn 1\nafter 0\n');
  t('a readonly prefix assignment is not passed to a program', 'readonly R=1; X=5 R=2 Y=6 sh -c \'echo $X ${R-unset} $Y\'', '5 unset 6\n');
}
{
  const t = section('aliases');
  t('assigning BASH_ALIASES defines an alias', 'shopt -s expand_aliases; BASH_ALIASES[z]=\'echo zz\'; alias z; eval z; alias a=1; BASH_ALIASES[a]+=2; alias a', 'alias z=\'echo zz\'\nzz\nalias a=\'12\'\n');
  t('unsetting a BASH_ALIASES element keeps the alias', 'alias x=y; unset \'BASH_ALIASES[x]\'; alias x', 'alias x=\'y\'\n');
}
{
  const t = section('command-lookup');
  t('assigning BASH_CMDS remembers a path', 'BASH_CMDS[foo]=/bin/echo; hash -t foo; foo hi', '/bin/echo\nhi\n');
}
{
  const t = section('traps');
  t('under extdebug a failing DEBUG trap skips commands', 'shopt -s extdebug; trap \'[[ $BASH_COMMAND != *skip* ]]\' DEBUG; echo skip; echo run; trap - DEBUG; echo end', 'run\nend\n');
  t('without extdebug a failing DEBUG trap skips nothing', 'trap \'false\' DEBUG; echo ran', 'ran\n');
}
{
  const t = section('special-vars');
  t('BASHPID differs in a subshell and a substitution', '[ $BASHPID = $$ ] && echo same; ( [ $BASHPID != $$ ] && echo sub ); a=$(echo $BASHPID); [ "$a" != $$ ] && echo subst; (x=$BASHPID; y=$(echo $BASHPID); [ $x != $y ] && echo nested)', 'same\nsub\nsubst\nnested\n');
}
{
  const t = section('traps');
  t('kill of a subshell BASHPID runs the subshell trap', 'trap \'echo parent\' USR1; (trap \'echo child\' USR1; kill -USR1 $BASHPID; echo in); echo done', 'child\nin\ndone\n');
}
