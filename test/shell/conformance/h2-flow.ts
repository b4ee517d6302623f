// Conformance cases (expectations recorded by running bash 5.2): control flow, functions, traps, I/O and whole scripts.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- functions
{
  const t = section('functions');
  t('declare -g under a local assigns the global and leaves the local', 'x=1; f(){ local x=2; declare -g x=3; echo $x; }; f; echo $x; g(){ local a=(l); declare -g a=(g h); echo ${a[@]}; }; g; echo ${a[@]}', '2\n3\nl\ng h\n');
  t('declare -g from a nested call creates a global below the caller local', 'f(){ local v=loc; g; echo "f:$v"; }; g(){ declare -g v=glob; }; f; echo "top:$v"', 'f:loc\ntop:glob\n');
  t('a quoted or expanded function name is refused when defined', '\'f\'() { echo q; }; echo st=$?; "g"() { :; }; echo st=$?; x=1; h$x() { :; }; echo st=$?; function "k" { :; }; echo st=$?; declare -F | wc -l; 12() { echo digits; }; 12', 'st=1\nst=1\nst=1\nst=1\n0\ndigits\n');
  t('an arithmetic for with empty parts prints them as 1', 'f() { for ((;;)); do break; done; for ((i=0;;)); do :; done; }; declare -f f', 'f () \n{ \n    for ((1; 1; 1))\n    do\n        break;\n    done;\n    for ((i=0; 1; 1))\n    do\n        :;\n    done\n}\n');
  t('declare -f after a here-document and a background statement', 'f() {\n  cat <<\'Q\'\nliteral $x\nQ\n  echo done &\n  wait\n  echo end\n}\ndeclare -f f; g() {\n  cat <<EOF\na\nEOF\n  cat <<\'Q\'\nx\nQ\n  echo done &\n  wait\n  echo end\n}\ndeclare -f g; h() {\n  echo a\n  cat <<EOF\nb\nEOF\n  echo c\n  echo d\n}\ndeclare -f h', 'f () \n{ \n    cat <<\'Q\'\nliteral $x\nQ\n\n    echo done & wait\n    echo end\n}\ng () \n{ \n    cat <<EOF\na\nEOF\n\n    cat <<\'Q\'\nx\nQ\n\n    echo done & wait;\n    echo end\n}\nh () \n{ \n    echo a;\n    cat <<EOF\nb\nEOF\n\n    echo c;\n    echo d\n}\n');
  t('declare -f prints ANSI-C quoted words single-quoted', 'f() { echo $\'a\\tb\' x$\'it\\\'s\'y "$\'in dq\'" \\$\'no\' $\'\\x41\'; case $\'\\t\' in $\'\\t\') :;; esac; }; declare -f f', 'f () \n{ \n    echo \'a\tb\' x\'it\'\\\'\'s\'y "$\'in dq\'" \\$\'no\' \'A\';\n    case \'\t\' in \n        \'\t\')\n            :\n        ;;\n    esac\n}\n');
  t('a local shadowing an exported variable is exported', 'export E=outer; f() { local E=inner; declare -p E; sh -c \'echo "[$E]"\'; }; f; sh -c \'echo "[$E]"\'; g() { local E; declare -p E; sh -c \'echo "[$E]"\'; }; g', 'declare -x E="inner"\n[inner]\n[outer]\ndeclare -x E\n[outer]\n');
  t('the environment passes on what an unexported or unset local shadows', 'export E=o; f() { local E=i; export -n E; sh -c \'echo "[$E]"\'; }; f; g() { local E=i; unset E; sh -c \'echo "[$E]"\'; }; g; N=plain; h() { local N=x; sh -c \'echo "[$N]"\'; }; h', '[o]\n[o]\n[]\n');
  t('local of a prefix-assigned name starts with its value', 'f() { local a b=2 c; echo "[$a][$b][$c]"; declare -p a; }; a=A c=C f; g() { h; }; h() { local a; a+=z; echo "[$a]"; }; a=A g; a=G; k() { local a; echo "[$a]"; }; a=T k; echo $a', '[A][2][C]\ndeclare -x a="A"\n[Az]\n[T]\nG\n');
  t('localvar_unset unsets a caller local in place', 'shopt -s localvar_unset; v=g; f() { local v=l; g; echo "f:[${v-unset}]"; }; g() { unset v; echo "g:[${v-unset}]"; }; f; echo "top:[$v]"', 'g:[unset]\nf:[unset]\ntop:[g]\n');
}
// ---------------------------------------------------------------- traps
{
  const t = section('traps');
  t('set -E carries the ERR trap into subshells', 'set -E; trap \'echo caught\' ERR; ( false; echo insub ); x=$(false; echo in); echo "[$x]"; f(){ ( false ); }; f; echo st=$?', 'caught\ninsub\n[caught\nin]\ncaught\ncaught\ncaught\nst=1\n');
  t('without set -E a subshell has no ERR trap', 'trap \'echo caught\' ERR; ( false; echo insub ); echo st=$?', 'insub\nst=0\n');
  t('set -T carries DEBUG and RETURN into subshells', 'set -T; f(){ :; }; trap \'echo R\' RETURN; ( f ); trap \'echo D $BASH_COMMAND\' DEBUG; ( echo a )', 'R\nD echo a\na\n');
  t('BASH_COMMAND in an ERR trap is the command as printed', 'trap \'echo "E: $BASH_COMMAND"\' ERR; ls /nonexist 2>/dev/null; true && cat < /nonexist 2>/dev/null; false || ls /x >/dev/null 2>&1 || true', 'E: ls /nonexist 2> /dev/null\nE: cat < /nonexist 2> /dev/null\n');
  t('BASH_COMMAND stays right after a trap inside an and-or list', 'trap \'echo "D:$BASH_COMMAND"\' DEBUG; true && false || echo or; trap - DEBUG', 'D:true\nD:false\nD:echo or\nor\nD:trap - DEBUG\n');
  t('the DEBUG trap before compound commands names their heads', 'trap \'echo "D:$BASH_COMMAND"\' DEBUG; set -- a; for i; do :; done; case "$1"x in (a) ;; esac; [[ $1 == a && -f x ]]; ((  x = 1 + 2 )); trap - DEBUG', 'D:set -- a\nD:for i in "$@"\nD::\nD:case "$1"x in \nD:[[ $1 == a && -f x ]]\nD:((  x = 1 + 2 ))\nD:trap - DEBUG\n');
  t('the DEBUG trap before each arithmetic for expression', 'trap \'echo "D:$BASH_COMMAND"\' DEBUG; for ((i=0;i<2;i++)); do :; done; for ((;;)); do break; done; trap - DEBUG', 'D:((i=0))\nD:((i<2))\nD::\nD:((i++))\nD:((i<2))\nD::\nD:((i++))\nD:((i<2))\nD:((1))\nD:((1))\nD:break\nD:trap - DEBUG\n');
  t('the DEBUG trap before select', 'trap \'echo "D:$BASH_COMMAND"\' DEBUG; select x in a \'b c\'; do break; done <<< 1 2>/dev/null; trap - DEBUG', 'D:select x in a \'b c\'\nD:break\nD:trap - DEBUG\n');
  t('a trapped signal ends wait with 128+N and its trap runs', 'trap \'echo got USR1\' USR1; (sleep 0.2; kill -USR1 $$) & wait; echo "st=$?"; sleep 1 & (sleep 0.2; kill -USR2 $$) & trap \'echo got USR2\' USR2; wait $!; echo "st=$?"; wait', 'got USR1\nst=138\ngot USR2\nst=140\n');
  t('a signal a subshell sends to the shell runs the shell trap after it', 'trap \'echo main-usr1\' USR1; (kill -USR1 $$; sleep 0.1; echo sub-end); echo main-end; x=$(kill -USR1 $$; echo in); echo "[$x]"', 'sub-end\nmain-usr1\nmain-end\nmain-usr1\n[in]\n');
  t('the DEBUG trap runs in the shell before each simple pipeline stage', 'trap \'echo "D:$BASH_COMMAND" >&2\' DEBUG; exec 2>&1; echo a | cat > /dev/null; { echo b; } | tr b c; f() { echo f; }; f | cat; trap - DEBUG', 'D:echo a\nD:cat > /dev/null\nD:tr b c\nc\nD:f\nD:cat\nf\nD:trap - DEBUG\n');
  t('the ERR trap runs for a compound command whose redirection fails', 'trap "echo ERR" ERR; { echo a; } > /nonexist/x; echo st=$?; for i in 1; do :; done < /nonexist; echo st=$?', 'ERR\nst=1\nERR\nst=1\n');
}
// ---------------------------------------------------------------- syntax-errors
{
  const t = section('syntax-errors');
  t('an array assignment cut off by the end of input is status 1', 'eval \'a=(1 2\'; echo st=$?; eval \'declare b=(x\'; echo st=$?; eval \'c=(1\'', 'st=1\nst=1\n', 1);
  t('a backquoted body is parsed when it runs', 'x=`fi`; echo "st=$? [$x]"; echo `echo ok; fi`; echo "[`if`]" st=$?; f() { echo `done`; }; echo defined; f; echo st=$?', 'st=2 []\n\n[] st=2\ndefined\n\nst=0\n');
  t('a bad command substitution body in eval ends the shell', 'trap "echo exiting" EXIT; echo before; eval ": \\$( fi )"; echo no', 'before\nexiting\n', 127);
  t('a bad command substitution body in a subshell eval is status 1', '(eval ": \\$( fi )"; echo no); echo st=$?; x=$(eval ": \\$( if )"; echo in); echo "st=$? [$x]"; eval "echo \\$(echo ))"; echo st=$?', 'st=1\nst=1 []\nst=2\n');
  t('a bad command substitution body under -c is status 127', 'echo never; : $( for z in 1 2 3; do ); echo st=$?', '', 127);
}
// ---------------------------------------------------------------- control
{
  const t = section('control');
  t('select at end of input ends the line on stdout with status 1', 'select x in a b; do echo "[$x]"; done <<< 1; echo st=$?; select y in a; do :; done < /dev/null; echo "st=$? [$REPLY]"', '[a]\n\nst=1\n\nst=1 []\n');
  t('select reads its reply as read does', 'select x in a b c; do echo "[$x|$REPLY]"; done 2>/dev/null', '[b|+2]\n[| a]\n[c| 3 ]\n[|x]\n\n', 1, { stdin: '+2\n\\ a\n 3 \nx\n1' });
}
// ---------------------------------------------------------------- subshells
{
  const t = section('subshells');
  t('kill of the subshell own pid ends only the subshell', '( kill $BASHPID; echo no ); echo st=$?; ( kill -USR1 $BASHPID; echo no ); echo st=$?; x=$(kill -9 $BASHPID; echo no); echo "st=$? [$x]"; : | { kill $BASHPID; echo no; }; echo ${PIPESTATUS[@]}', 'st=143\nst=138\nst=137 []\n0 143\n');
  t('kill of the subshell own pid runs its trap or is ignored', '( trap "echo t" USR1; kill -USR1 $BASHPID; echo yes ); echo st=$?; ( trap "" TERM; kill $BASHPID; echo alive ); ( kill -CHLD $BASHPID; echo alive ); trap "echo top" USR1; (kill -USR1 $BASHPID; echo sub); echo st=$?', 't\nyes\nst=0\nalive\nalive\nst=138\n');
  t('BASH_SUBSHELL in pipeline stages and background jobs', 'echo $BASH_SUBSHELL | cat; (echo $BASH_SUBSHELL) | cat; { echo $BASH_SUBSHELL; } | cat; f() { echo $BASH_SUBSHELL; (echo $BASH_SUBSHELL); }; f | cat; (echo $BASH_SUBSHELL) & wait; echo $BASH_SUBSHELL & wait; x=$(echo $BASH_SUBSHELL | cat); echo $x; echo $BASH_SUBSHELL | while read x; do echo "$x $BASH_SUBSHELL"; done', '0\n1\n1\n1\n2\n1\n1\n1\n0 1\n');
}
// ---------------------------------------------------------------- redirects
{
  const t = section('redirects');
  t('a readonly variable cannot take a redirection fd', 'readonly v=42; exec {v}>&1; echo st=$?; echo hi {v}>f; echo st=$?; cat f; echo "[$v]"', 'st=1\nst=1\n[42]\n');
  t('a failed redirection is reported where the ones before it sent stderr', 'echo x 2>&1 > /nonexist/x | sed "s/^[^:]*: //"; echo x 2>log > /nonexist/x; sed "s/^[^:]*: //" log; { echo y; } 2>&1 >/nonexist/y | wc -l; x=$(echo a 2>&1 >/nonexist/y); echo "[${x#*: }]"', 'line 1: /nonexist/x: No such file or directory\nline 1: /nonexist/x: No such file or directory\n1\n[line 1: /nonexist/y: No such file or directory]\n');
}
// ---------------------------------------------------------------- set-shopt
{
  const t = section('set-shopt');
  t('xtrace counts eval, source and trap handlers as levels', 'exec 2>&1; set -x; eval \'echo ev; eval "echo ev2"\'; echo "echo xx" > s2.sh; . ./s2.sh; trap "echo err" ERR; false; trap - ERR; x=$(eval "echo b"); trap "echo e" EXIT; f() { eval "echo inf"; }; f', '+ eval \'echo ev; eval "echo ev2"\'\n++ echo ev\nev\n++ eval \'echo ev2\'\n+++ echo ev2\nev2\n+ echo \'echo xx\'\n+ . ./s2.sh\n++ echo xx\nxx\n+ trap \'echo err\' ERR\n+ false\n++ echo err\nerr\n+ trap - ERR\n++ eval \'echo b\'\n+++ echo b\n+ x=b\n+ trap \'echo e\' EXIT\n+ f\n+ eval \'echo inf\'\n++ echo inf\ninf\n+ echo e\ne\n');
  t('xtrace of an arithmetic for', 'exec 2>&1; set -x; for (( i = 0 ; i < 1 ; i++ )); do :; done; for ((;;)); do break; done', '+ (( i = 0  ))\n+ (( i < 1  ))\n+ :\n+ (( i++  ))\n+ (( i < 1  ))\n+ (( 1 ))\n+ (( 1 ))\n+ break\n');
  t('xtrace shows an array assignment as written', 'exec 2>&1; set -x; x=hi; a=($x "$x" \'q r\'); a+=( $x ); declare -A m; m=([$x]=1 [k]+=2); c=(*.none)', '+ x=hi\n+ a=($x "$x" \'q r\')\n+ a+=($x)\n+ declare -A m\n+ m=([$x]=1 [k]+=2)\n+ c=(*.none)\n');
  t('xtrace of declaration builtins with arrays and of export', 'exec 2>&1; set -x; export A=1 B; readonly R=2 S=(x y); declare -A m=([k]=v [j]="a b"); f() { local l=(1 2) m=3; }; f; export Q="s p"; declare -x X=1', '+ export A=1 B\n+ A=1\n+ S=(\'x\' \'y\')\n+ readonly R=2 S\n+ R=2\n+ m=([\'k\']=\'v\' [\'j\']=\'a b\')\n+ declare -A m\n+ f\n+ l=(\'1\' \'2\')\n+ local l m=3\n+ export \'Q=s p\'\n+ Q=\'s p\'\n+ declare -x X=1\n');
}
// ---------------------------------------------------------------- jobs
{
  const t = section('jobs');
  t('a killed background group does not wait for the command it runs', '{ sleep 5; echo late; } & kill $!; wait $!; echo st=$?; coproc C { cat; }; kill $C_PID; wait $C_PID; echo st=$?', 'st=143\nst=143\n');
}
// ---------------------------------------------------------------- pipelines
{
  const t = section('pipelines');
  t('PIPESTATUS after a compound command is its last inner pipeline', '{ true | false; }; echo ${PIPESTATUS[@]}; if true | false; then :; else false | true | true; fi; echo ${PIPESTATUS[@]}; while false | false; do :; done; echo ${PIPESTATUS[@]}; for i in 1; do true | false; done; echo ${PIPESTATUS[@]}; case a in a) false | true;; esac; echo ${PIPESTATUS[@]}', '0 1\n1 0 0\n1 1\n0 1\n1 0\n');
  t('PIPESTATUS is kept by empty compounds and definitions, set by subshells', 'true | false; for i in; do :; done; echo ${PIPESTATUS[@]}; true | false; f(){ :; }; echo ${PIPESTATUS[@]}; (true | false); echo ${PIPESTATUS[@]}; ! { true | false; }; echo ${PIPESTATUS[@]}; true | false; [[ 1 ]]; echo ${PIPESTATUS[@]}', '0 1\n0 1\n1\n0 1\n0\n');
  t('lastpipe is off under job control', 'shopt -s lastpipe; set -m; echo v | read x; echo "[$x]"; set +m; echo w | read x; echo "[$x]"', '[]\n[w]\n');
}
// ---------------------------------------------------------------- status
{
  const t = section('status');
  t('an unset-parameter error in a simple pipeline stage exits it as the shell would', 'echo ${x?boom} | cat; echo ${PIPESTATUS[0]}; f() { echo "${1:?need}"; }; f | cat; echo ${PIPESTATUS[0]}; g() { (echo ${x?boom}); echo in=$?; }; g | cat; set -u; echo $nope | cat; echo ${PIPESTATUS[0]}', '127\n127\nin=1\n127\n');
}
// ---------------------------------------------------------------- assignments
{
  const t = section('assignments');
  t('prefix assignments see the ones before them', 'a=1 b=$a sh -c \'echo "[$b]"\'; a=0; a=2 b=$a c=$b sh -c \'echo "[$b][$c]"\'; echo $a ${b-u}; x=1 x=$((x+1)) sh -c \'echo $x\'; f() { echo "[$a][$b]"; }; a=5 b=$a f; echo "[$a]"', '[1]\n[2][2]\n0 u\n2\n[5][5]\n[0]\n');
  t('export or readonly of a prefix-assigned name keeps it', 'x=1; x=2 export x; echo $x; sh -c "echo \\$x"; y=1; y=2 readonly y; declare -p y; z=1; z=2 typeset z; echo $z; w=1; w=2 export v; echo $w; f() { local u=1; u=2 export u; echo "in $u"; }; f; echo "[${u-unset}]"', '2\n2\ndeclare -rx y="2"\n1\n1\nin 2\n[unset]\n');
}
// ---------------------------------------------------------------- command-lookup
{
  const t = section('command-lookup');
  t('a prefix PATH is used to find the command', 'mkdir -p b; printf "#!/bin/sh\\necho mytool\\n" > b/mytool; chmod +x b/mytool; PATH="$PWD/b:$PATH" mytool; mytool 2>/dev/null; echo st=$?; PATH=/nonexistent ls 2>/dev/null; echo st=$?', 'mytool\nst=127\nst=127\n');
  t('a script without #! runs in a new shell', 'printf \'echo "[$y][$E][$BASH_SUBSHELL]"; f 2>/dev/null || echo nof; g; alias; trap; echo "[$-]" | tr -d c; [ "$$" = "$BASHPID" ] && echo pid-same\\n\' > s; chmod +x s; y=5; export E=6; f() { :; }; g() { echo exported-g; }; export -f g; alias ll=ls; trap "echo t" USR1; set -u; ./s; (./s) | head -1; echo st=$?', '[][6][0]\nnof\nexported-g\n[hB]\npid-same\n[][6][1]\nst=0\n');
  t('a binary without #! is not read as commands', 'printf "\\x7fELF garbage" > s2; chmod +x s2; ./s2 2>/dev/null; echo st=$?; printf "a\\0b\\n" > s3; chmod +x s3; ./s3 2>/dev/null; echo st=$?; printf "exit 3\\n" > s4; chmod +x s4; ./s4; echo st=$?', 'st=126\nst=126\nst=3\n');
}
// ---------------------------------------------------------------- set-e
{
  const t = section('set-e');
  t('a compound command whose redirection fails ends the shell under set -e', 'set -e; { echo a; } > /nonexist/x || echo handled; if true; then :; fi > /nonexist/x && echo no; echo reached; while false; do :; done > /nonexist/x; echo no', 'handled\nreached\n', 1);
}
