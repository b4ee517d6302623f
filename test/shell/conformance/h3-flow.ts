// Conformance cases (expectations recorded by running bash 5.2): here-documents, redirections,
// pipelines, control flow, $LINENO in multi-line commands, and whole scripts.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- special-vars
{
  const t = section('special-vars');
  t('LINENO of a simple command is where its second token ends', 'echo "a\nb $LINENO"; true &&\necho $LINENO; echo \\\n$LINENO; x="p\nq" y=$LINENO; echo $y\nprintf "%s\\n" "m\nn" $LINENO', 'a\nb 2\n3\n4\n5\nm\nn\n6\n');
  t('LINENO in an arithmetic command is the line of its closing parentheses', '(( 0 ||\nLINENO == 2 )) && echo two; ((\nx = LINENO\n)); echo $x; echo $((\nLINENO))', 'two\n4\n5\n');
  t('LINENO in all three arithmetic for expressions is the line of for', 'echo start\nfor ((i=LINENO;\ni<LINENO+1;\ni++)); do echo "$i $LINENO"; done\nfor ((n=0; n<LINENO; n++))\ndo\n:\ndone; echo $n', 'start\n2 4\n5\n');
  t('LINENO in a conditional command is where its top test completes', '[[ x == y ||\n$LINENO == 2 ]] && echo l2\n[[ $LINENO == 3\n]] && echo l3\n[[ ( $LINENO == 6\n) ]] && echo l6\n[[ ! $LINENO == 8\n]] && echo not8', 'l2\nl3\nl6\nnot8\n');
  t('LINENO in a multi-line command substitution counts printed lines from the command', 'echo a $(echo x; echo $LINENO)\necho b $(\n\necho $LINENO\n\necho $LINENO)\necho c $(if true; then echo $LINENO; fi)\nx=$(\necho $LINENO\n); echo "d $x"', 'a x 1\nb 2 3\nc 8\nd 10\n');
  t('LINENO in backquotes counts from the line of the command', 'echo a `\necho $LINENO`\necho\necho b `echo $LINENO\n\necho $LINENO`', 'a 2\n\nb 4 6\n');
  t('an error message names the line of the command as LINENO has it', '{ nonexist_cmd "a\nb"; } 2>&1 | sed \'s/.*line \\([0-9]*\\): .*/\\1/\'; { true &&\nnonexist_cmd; } 2>&1 | sed \'s/.*line \\([0-9]*\\): .*/\\1/\'', '2\n3\n');
  t('PIPESTATUS stays special after an assignment or unset', 'PIPESTATUS=(9 9); echo "${PIPESTATUS[@]}"; true | false; echo "${PIPESTATUS[@]}"; PIPESTATUS[1]=7; echo "${PIPESTATUS[@]}"; unset PIPESTATUS; echo "[${PIPESTATUS[@]}]"; false | true; echo "${PIPESTATUS[@]}"', '0\n0 1\n0\n[0]\n1 0\n');
}
// ---------------------------------------------------------------- pipelines
{
  const t = section('pipelines');
  t('time after a pipe is an ordinary command name', 'function time { echo "fn time $*"; }; echo a | time cat; echo a | time -p x', 'fn time cat\nfn time -p x\n');
  t('an invalid TIMEFORMAT conversion is reported and prints no times', 'TIMEFORMAT=\'a%Zb\'; { time :; } 2>&1 | sed \'s/^.*TIMEFORMAT/T/\'; TIMEFORMAT=\'b%\'; { time :; } 2>&1; TIMEFORMAT=\'%3\'; { time :; } 2>&1 | wc -l; TIMEFORMAT=\'%%x%lq\'; { time :; } 2>&1 | grep -c invalid', 'T: `Z\': invalid format character\nb%\n1\n1\n');
  t('a pipeline stage sees no jobs unless it is the jobs builtin itself', 'sleep 10 & p=$!; f() { jobs; }; f | cat; { jobs; } | wc -l; jobs | wc -l; cat < <(jobs) | wc -l; (jobs) | wc -l; wait $p 2>/dev/null | cat; echo "${PIPESTATUS[@]}"; kill $p; wait', '0\n1\n1\n0\n127 0\n');
  t('the implicit 2>&1 of |& comes after the command own redirections', '{ echo e >&2; } 2>/dev/null |& cat; echo e2 2>/dev/null >&2 |& cat; f() { echo fe >&2; }; f 2>/dev/null |& cat; ls /nonexist 2>/dev/null |& wc -l; g() { echo o; echo e >&2; }; g 2>&1 >/dev/null |& cat; (echo s >&2) 2>/dev/null |& cat', 'e\nfe\n1\ns\n');
}
// ---------------------------------------------------------------- cmdsubst
{
  const t = section('cmdsubst');
  t('a command substitution dropping NUL bytes warns once', '{ y=$(printf \'c\\0d\\0\'); echo "$y"; } 2>&1 | sed \'s/.*warning: //\'; z=$(printf \'\\0\\0\') 2>/dev/null; echo "[${#z}]"; printf \'a\\0b\' > f; { w=$(< f); } 2>&1 | grep -c \'null byte\'; echo $w', 'command substitution: ignored null byte in input\ncd\n[0]\n1\n\n');
}
// ---------------------------------------------------------------- redirects
{
  const t = section('redirects');
  t('in posix mode a failed redirection of a special builtin ends the script', 'set -o posix; trap \'echo "exit $?"\' EXIT; echo x < /nonexist; echo "st=$?"; command : < /nonexist; echo "st=$?"; (: < /nonexist; echo no); echo "sub=$?"; x=1 export y < /nonexist; echo not reached', 'st=1\nst=1\nsub=1\nexit 1\n', 1);
  t('outside posix mode a special builtin with a failed redirection only fails', ': < /nonexist; echo "st=$?"; exec 3< /nonexist; echo "st=$?"; eval echo no > /nonexist/f; echo "st=$?"', 'st=1\nst=1\nst=1\n');
  t('exec inside a compound command with redirections keeps its fds', '{ exec 3>f; } 4>/dev/null; echo x >&3; f() { exec 5>g; } > /dev/null; f; echo y >&5; for i in 1; do exec 6>h; done 2>/dev/null; echo z >&6; exec 3>&- 5>&- 6>&-; cat f g h; { exec 7>k; } 7>/dev/null; echo w >&7 2>/dev/null || echo "7 restored"', 'x\ny\nz\n7 restored\n');
}
// ---------------------------------------------------------------- control
{
  const t = section('control');
  t('break or continue in a command substitution inside a loop ends the substitution', 'for i in 1 2; do x=$(echo a; false; break; echo no); echo "st=$? [$x]"; done; for i in 1; do x=$(echo b; continue; echo no); echo "[$x]"; done; for i in 1; do x=$(for j in a; do break 2; done; echo after); echo "[$x]"; done; for i in 1; do cat <(echo p; break; echo no); done; f() { x=$(break 2>/dev/null; echo in-f); echo "[$x]"; }; for i in 1; do f; done; for i in 1; do (break 2>/dev/null; echo sub); done', 'st=0 [a]\nst=0 [a]\n[b]\n[]\np\n[in-f]\nsub\n');
}
// ---------------------------------------------------------------- functions
{
  const t = section('functions');
  t('declare -f prints duplications by a word without the default fd and closes as N>&-', 'f() { echo >&file; echo 2>&$fd; echo 1>&$x; cat 0<&$x; cat 3<&$x; echo >&-; cat <&-; cat <&3-; cat {v}<&-; echo >& "a b"; }; declare -f f', 'f () \n{ \n    echo >&file;\n    echo 2>&$fd;\n    echo >&$x;\n    cat <&$x;\n    cat 3<&$x;\n    echo 1>&-;\n    cat 0>&-;\n    cat 0<&3-;\n    cat {v}>&-;\n    echo >&"a b"\n}\n');
  t('declare -f prints a here-document inside a pipeline or and-or list after the operator', 'f() { cat <<EOF | sort\nb\nEOF\n}; declare -f f; g() { x=1; cat <<EOF 2>/dev/null | sort && echo ok\nb\nEOF\n}; declare -f g; h() { cat <<A && cat <<B; echo c\na\nA\nb\nB\n}; declare -f h; k() { while read l; do echo $l; done <<EOF | sort\nx\nEOF\n}; declare -f k; k', 'f () \n{ \n    cat <<EOF |\nb\nEOF\n  sort\n}\ng () \n{ \n    x=1;\n    cat <<EOF 2> /dev/null |\nb\nEOF\n  sort && echo ok\n}\nh () \n{ \n    cat <<A && \na\nA\n cat <<B\nb\nB\n\n    echo c\n}\nk () \n{ \n    while read l; do\n        echo $l;\n    done <<EOF |\nx\nEOF\n  sort\n}\nx\n');
  t('declare -f prints a here-document in a command substitution with the lines after it', 'f() { x=$(cat <<E\nx\nE\necho $LINENO); z=$(cat <<E; echo k\nb\nE\n); w=$(cat <<E | sort\nq\nE\necho after); }; declare -f f; echo a $(cat <<E\nx\nE\necho $LINENO)', 'f () \n{ \n    x=$(cat <<E\nx\nE\n\necho $LINENO);\n    z=$(cat <<E\nb\nE\n echo k);\n    w=$(cat <<E |\nq\nE\n  sort\necho after)\n}\na x 14\n');
}
// ---------------------------------------------------------------- command-lookup
{
  const t = section('command-lookup');
  t('a program gets _ as the command it runs, not the last argument', 'x=$(printf "%0200000d" 0); : "$x"; printenv _ | sed "s|.*/||"; eval "cat <<E\n$x\nE" | wc -c; _=zz printenv _ | sed "s|.*/||"; printf \'#!/bin/sh\nprintenv _\n\' > p; chmod +x p; ./p; mkdir d; cd d; ../p', 'printenv\n200001\nprintenv\n./p\n../p\n');
}
// ---------------------------------------------------------------- subshells
{
  const t = section('subshells');
  t('a subshell does not see the jobs of the shell it was made in', 'sleep 10 & p=$!; ( jobs | wc -l ); jobs | wc -l; x=$(jobs | wc -l); echo "cs=$x"; (wait $p 2>/dev/null; echo "st=$?"); (wait %1 2>/dev/null; echo "st=$?"); (kill %1 2>/dev/null; echo "k=$?"); ( sleep 0.01 & wait $!; echo "own=$?" ); kill $p; wait; echo "end=$?"', '0\n1\ncs=1\nst=127\nst=127\nk=1\nown=0\nend=0\n');
}
// ---------------------------------------------------------------- syntax-errors
{
  const t = section('syntax-errors');
  t('a command word opening a subscript reads to the matching bracket or fails at the end', 'a[x y] echo 2>/dev/null; echo "st=$?"; a[b c; echo ] 2>/dev/null; echo "st=$?"; a[1 + 1]=x; echo "${a[2]}"; echo 1\na[=1\necho 2', 'st=127\nst=127\nx\n1\n', 2);
}
// ---------------------------------------------------------------- procsubst
{
  const t = section('procsubst');
  t('a process substitution exec kept ends when the script does', 'exec 3> >(sed s/^/got:/); echo x >&3; trap "echo trap >&3" EXIT; exec 4> >(cat); exec 4>&-; echo after', 'after\ngot:x\ngot:trap\n');
  t('stdout exec redirected to a process substitution is read to its end', 'exec > >(tr a-z A-Z); echo lower; echo more', 'LOWER\nMORE\n');
}
// ---------------------------------------------------------------- traps
{
  const t = section('traps');
  t('a background subshell that ignores a signal survives kill', '(trap \'\' TERM; sleep 0.3; echo survived) & p=$!; sleep 0.1; kill -TERM $p; wait $p; echo "st=$?"; (trap \'\' TERM; trap - TERM; sleep 3) & p=$!; sleep 0.1; kill $p; wait $p; echo "st=$?"; { trap \'\' INT; sleep 0.2; echo grp; } & sleep 0.05; kill -INT %%; wait; echo end', 'survived\nst=0\nst=143\ngrp\nend\n');
  t('a background subshell runs its trap for a signal after the command it waits for', '(trap \'echo caught\' TERM; sleep 1.5; echo after) & p=$!; sleep 0.1; kill -TERM $p; wait $p; echo "st=$?"; (trap \'echo bye; exit 5\' USR1; sleep 1.5; echo no) & p=$!; sleep 0.1; kill -USR1 $p; wait $p; echo "st=$?"', 'caught\nafter\nst=0\nbye\nst=5\n');
  t('a subshell or job killed by a signal runs its EXIT trap but for KILL and core dumps', '( trap \'echo X\' EXIT; kill $BASHPID; sleep 1 ); echo "st=$?"; ( trap \'echo Q\' EXIT; kill -QUIT $BASHPID; sleep 1 ) 2>/dev/null; echo "st=$?"; ( trap \'echo J\' EXIT; sleep 1 ) & sleep 0.1; kill $!; wait $!; echo "st=$?"; ( trap \'echo K\' EXIT; sleep 1 ) & sleep 0.1; kill -9 $!; wait $! 2>/dev/null; echo "st=$?"; { trap \'echo G\' EXIT; echo body; } & wait; (trap \'echo hup\' HUP; sleep 1.5) & p=$!; sleep 0.1; kill -HUP $p; kill -HUP $p; wait $p; echo "st=$?"', 'X\nst=143\nst=131\nJ\nst=143\nst=137\nbody\nG\nhup\nst=0\n');
  t('a command substitution killed by its own kill still runs its EXIT trap', 'x=$(trap \'echo X\' EXIT; kill $BASHPID); echo "[$x] $?"; x=$(trap \'echo Y\' EXIT; kill $BASHPID; echo no); echo "[$x] $?"; x=$(trap \'echo Q\' EXIT; kill -QUIT $BASHPID); echo "[$x] $?"', '[X] 143\n[Y] 143\n[] 131\n');
}
