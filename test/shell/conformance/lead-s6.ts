// Conformance cases (expectations recorded by running bash 5.2): what the lead found in the
// sixth session's probes (aliases, table orders, and the areas no helper covered).
import { section } from '../conformance-table.js';

{
  const t = section('aliases');
  t('BASH_ALIASES lists in the order of a 64-bucket alias table', "shopt -s expand_aliases; alias m=1; alias zz=2 a=1 b=2 c=3; echo ${!BASH_ALIASES[@]}; BASH_ALIASES[q]=1; echo ${!BASH_ALIASES[@]}", 'zz m c b a\nzz q m c b a\n', 0);
  t('BASH_CMDS lists in the order of the 256-bucket command table', 'hash -p /a m; hash -p /b zz; for n in alpha beta gamma delta epsilon; do hash -p /x/$n $n; done; echo ${!BASH_CMDS[@]}', 'epsilon beta alpha gamma m zz delta\n', 0);
  t('alias lists a name starting with - after --', "alias -- -x='echo dash' y=1; alias; alias -p | head -1", "alias -- -x='echo dash'\nalias y='1'\nalias -- -x='echo dash'\n", 0);
}

{
  const t = section('printf-echo');
  t("printf messages land after the last full line printed before them", "printf '%d\\n' 9223372036854775807 9223372036854775808 ' 42' '42 ' >out 2>&1; echo $?; sed 's/^.*line 1: /E: /' out; printf 'ab%5%|\\n' >out 2>&1; sed 's/^.*line 1: /E: /' out", "1\n9223372036854775807\nE: printf: warning: 9223372036854775808: Numerical result out of range\n9223372036854775807\n42\nE: printf: 42 : invalid number\n42\nE: printf: `%': invalid format character\nab", 0);
  t("printf %n into a readonly or bad name", "readonly ro=1; printf '%n' ro 2>/dev/null; echo $?; printf 'a%nb\\n' 1x 2>/dev/null; echo \" $?\"", "0\na 1\n", 0);
  t('printf prints what precedes a bad conversion', "printf 'ab%5%|\\n' 2>/dev/null; echo \" $?\"", 'ab 1\n', 0);
  t('printf %n stores the bytes of this pass so far', "printf '%s%n\\n' ab v cd w; echo $v $w; printf 'é%n\\n' u; echo $u; printf -v q 'xy%n' r; echo \"$q $r\"; printf '%n%n'; echo $?", 'ab\ncd\n2 2\né\n2\nxy 2\n0\n', 0);
  t('printf without a format: usage without a line number', 'printf 2>&1; echo $?', 'printf: usage: printf [-v var] format [arguments]\n2\n', 0);
  t('trap with a bad option adds the usage line', 'trap -x 2>&1 | tail -1; trap -x 2>/dev/null; echo $?', 'trap: usage: trap [-lp] [[arg] signal_spec ...]\n2\n', 0);
}

{
  const t = section('builtins');
  t("declare -p puts each error after the lines printed before it", "a=1 b=2; declare -p a nosuch b >out 2>&1; echo $?; sed 's/^.*line 1: /E: /' out", "1\ndeclare -- a=\"1\"\nE: declare: nosuch: not found\ndeclare -- b=\"2\"\n", 0);
  t("alias and shopt put each error after the lines printed before it", "alias x=1 y=2; alias x q y >out 2>&1; shopt extglob nosuch dotglob >>out 2>&1; echo $?; sed 's/^.*line 1: /E: /' out", "1\nalias x='1'\nE: alias: q: not found\nalias y='2'\nextglob        \toff\nE: shopt: nosuch: invalid shell option name\ndotglob        \toff\n", 0);
  t("export -p and readonly -p with names set the mark", "export -p foo; declare -p foo; y=2; readonly -p y; declare -p y; export -p z=1; declare -p z; readonly -p -a arr=(1 2); declare -p arr; export -pn z; declare -p z", "declare -x foo\ndeclare -r y=\"2\"\ndeclare -x z=\"1\"\ndeclare -ar arr=([0]=\"1\" [1]=\"2\")\ndeclare -- z=\"1\"\n", 0);
}

{
  const t = section('read');
  t('read -t gives up on input that never ends a line', 'read -t 0.2 x </dev/zero; echo "$? ${#x}"', '142 0\n', 0);
}

{
  const t = section('jobs');
  t('wait -n returns a job that ended before it, until a foreground command reports it', '(exit 3) & read -t 0.5 x </dev/zero; wait -n; echo "first $?"; (exit 4) & sleep 0.5; wait -n; echo "after sleep $?"; wait $!; echo "by pid $?"; (exit 5) & (sleep 0.5); wait -n; echo "after ( ) $?"', 'first 3\nafter sleep 127\nby pid 4\nafter ( ) 127\n', 0);
}

{
  const t = section('traps');
  t("a program starts with the signals the shell ignores ignored", "trap '' PIPE; yes | head -1; echo \"${PIPESTATUS[@]}\"; (yes | head -1; echo \"${PIPESTATUS[@]}\"); trap - PIPE; yes | head -1; echo \"${PIPESTATUS[@]}\"; trap '' TERM; sh -c 'kill -TERM $$; echo survived'", "y\n1 0\ny\n1 0\ny\n141 0\nsurvived\n", 0);
  t("a script's background job ignores SIGINT and SIGQUIT", "sleep 1 & sleep 0.3; kill -INT $!; wait $!; echo \"int $?\"; sleep 1 & sleep 0.3; kill -QUIT $!; wait $!; echo \"quit $?\"; { sleep 1; echo inner; } & sleep 0.3; kill -INT $!; wait $!; echo \"group $?\"; sleep 1 & sleep 0.3; kill -TERM $!; wait $!; echo \"term $?\"", "int 0\nquit 0\ninner\ngroup 0\nterm 143\n", 0);
}

{
  const t = section('eval-source');
  t("a script file drops NUL bytes; source refuses only an ELF file", "printf 'echo a\\0b\\n' > f; . ./f; chmod +x f; ./f 2>/dev/null; echo $?; printf 'echo one\\n\\0echo two\\n' > g; chmod +x g; ./g; echo $?; . /bin/true 2>/dev/null; echo $?", "ab\n126\none\ntwo\n0\n126\n", 0);
}

{
  const t = section('mapfile');
  t('mapfile -d \'\' never keeps the NUL delimiter', "printf 'a\\0b\\0c' | { mapfile -d '' x; declare -p x; }; mapfile -d '' y < <(printf 'p\\0q\\0'); declare -p y", 'declare -a x=([0]="a" [1]="b" [2]="c")\ndeclare -a y=([0]="p" [1]="q")\n', 0);
}

{
  const t = section('jobs');
  t('a script lists a job stopped with kill -STOP as running', 'sleep 5 & kill -STOP $!; sleep 0.2; jobs; jobs -s; jobs -r; kill -CONT $!; kill $!; wait; echo done', '[1]+  Running                 sleep 5 &\n[1]+  Running                 sleep 5 &\ndone\n', 0);
}

{
  const t = section('set-shopt');
  t("posix mode: export -p and readonly -p print as export and readonly", "set -o posix; declare -ix n=5; export e; declare -a arr=(1); export arr; readonly r; declare -ri ri=3; declare -A as=([k]=v); readonly as; export -p | grep -E ' (n|e|arr)\\b'; readonly -p | grep -E ' (r|ri|as)\\b'; declare -p n r", "export -a arr=([0]=\"1\")\nexport e\nexport n=\"5\"\nreadonly -A as=([k]=\"v\" )\nreadonly r\nreadonly ri=\"3\"\ndeclare -ix n=\"5\"\ndeclare -r r\n", 0);
  t("posix mode: assignments before a special builtin stay", "set -o posix; x=1 : ; echo \"x=$x\"; y=2 true; echo \"y=$y\"; z=3 eval 'echo in $z'; echo \"z=$z\"", "x=1\ny=\nin 3\nz=3\n", 0);
  t("posix mode: trap -p lists every condition, names without SIG", "set -o posix; trap -p EXIT; trap 'echo x' INT; trap -p INT; trap; trap -p | wc -l; trap -p | sed -n '2p;34,36p;66,68p'", "trap -- - EXIT\ntrap -- 'echo x' INT\ntrap -- 'echo x' INT\n68\ntrap -- - HUP\ntrap -- - 33\ntrap -- - RTMIN\ntrap -- - RTMIN+1\ntrap -- - DEBUG\ntrap -- - ERR\ntrap -- - RETURN\n", 0);
  t("posix mode turns on inherit_errexit and shift_verbose", "set -o posix; shopt inherit_errexit shift_verbose; set -e; x=$(false; echo after-false); echo \"[$x]\"", "inherit_errexit\ton\nshift_verbose  \ton\n", 1);
  t("leaving posix mode keeps inherit_errexit and turns shift_verbose off", "set -o posix; set +o posix; shopt inherit_errexit shift_verbose", "inherit_errexit\ton\nshift_verbose  \toff\n", 1);
  t("posix mode: set lists no functions, kill -l lists names on one line", "set -o posix; f() { :; }; set | grep -c '^f'; kill -l | cut -d' ' -f1-5; kill -l 2", "0\nHUP INT QUIT ILL TRAP\nINT\n", 0);
  t("posix mode: a function name must be an identifier", "set -o posix; echo before; bad-name() { :; }; echo after", "before\n", 2);
  t("posix mode: aliases expand in a script", "set -o posix\nalias hi='echo alias-hi'\nhi\nshopt expand_aliases\nset +o posix\nshopt expand_aliases", "alias-hi\nexpand_aliases \ton\nexpand_aliases \toff\n", 1);
  t("posix mode: alias lists NAME=VALUE, alias -p as alias commands", "set -o posix; alias a=b; alias; alias -p; alias a", "a='b'\nalias a='b'\na='b'\n", 0);
  t("posix mode: a redirection target is neither split nor globbed", "set -o posix; touch g1; f=g*; echo hi > $f; x='a b'; echo there > $x; ls; cat 'g*' 'a b'", "a b\ng*\ng1\nhi\nthere\n", 0);
  t("posix mode: a function may not be named as a special builtin", "set -o posix; echo before; eval() { echo mine; }; echo after", "before\n", 2);
  t("posix mode: an assignment to a readonly variable ends the script", "set -o posix; readonly ro=1; echo before; ro=2; echo after", "before\n", 127);
  t("posix mode: . does not look in the current directory", "echo 'echo from-cwd' > lib.sh; PATH=/usr/bin:/bin; . lib.sh; set -o posix; . lib.sh; echo after", "from-cwd\n", 1);
}
