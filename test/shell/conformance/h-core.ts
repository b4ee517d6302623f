// Conformance cases (expectations recorded by running bash 5.2): numbers, tests, printf/echo, I/O and control flow:
// break/continue counts and statuses, $? after substitutions, and the other corners below.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- arith
{
  const t = section('arith');
  t('a base written in octal is invalid', 'echo $((010#7)); echo no', '', 1);
  t('a base written in hex is invalid', 'echo $((0x10#7)); echo no', '', 1);
  t('let takes a first double dash as the end of options', 'let -- x=3; echo $x; let -- -1; echo $?; let --; echo $?', '3\n0\n1\n');
  t('bad arithmetic for expression fails the loop with 1', 'for ((i=1/0;;)); do :; done; echo st=$?; for ((i=0;i<2;i+=1/0)); do echo $i; done; echo st=$?', 'st=1\n0\nst=1\n');
  t('bad arithmetic for expression does not trigger set -e', 'set -e; trap \'echo ERR\' ERR; for ((i=0;i<a[;i++)); do :; done; echo st=$?', 'st=1\n');
  t('substitution error inside an arithmetic for discards the line', 'for ((i=0;i<$((1/0));i++)); do :; done; echo st=$?', '', 1);
}

// ---------------------------------------------------------------- assignments
{
  const t = section('assignments');
  t('readonly variable in a prefix assignment of a builtin', 'readonly r=1; r=2 echo hi; echo st=$?; f(){ echo f $r; }; r=2 f; r=3 x=4 eval \'echo $r $x\'; echo ${x-unset}', 'hi\nst=0\nf 1\n1 4\nunset\n');
  t('readonly prefix assignment under set -e ends the shell', 'set -e; readonly r=1; if r=2 true; then echo y; fi; echo st=$?', '', 1);
  t('readonly prefix assignment is not passed to a program', 'export r=1; readonly r; x=5 r=2 sh -c \'echo $x $r\'', '5 1\n');
}

// ---------------------------------------------------------------- builtins
{
  const t = section('builtins');
  t('cd without HOME fails and cd to an empty string stays', 'cd /; cd \'\'; echo st=$? $PWD; HOME=; cd; echo st=$? $PWD; unset HOME; cd; echo st=$? $PWD', 'st=0 /\nst=0 /\nst=1 /\n');
  t('unset of a function and a variable at once is refused', 'x=1; unset -f -v x; echo st=$? $x; unset -fv x; echo st=$?', 'st=1 1\nst=1\n');
  t('kill with a missing signal name is status 1', 'kill -s; echo $?; kill -n; echo $?; kill -s TERM; echo $?', '1\n1\n2\n');
}

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
  t('for with a name that is no identifier fails at run time', 'for 1x in a; do echo no; done; echo st=$?; v=i; for $v in 1; do :; done; echo st=$?; select 2y in a; do :; done; echo st=$?', 'st=1\nst=1\nst=1\n');
  t('for with a bad name ends a posix shell', 'set -o posix; for a-b in a; do echo x; done; echo after', '', 2);
}

// ---------------------------------------------------------------- eval-source
{
  const t = section('eval-source');
  t('eval skips a first double dash', 'eval -- \'echo dashdash\'; eval -- ; echo st=$?', 'dashdash\nst=0\n');
  t('eval takes no options', 'eval -i \'echo x\'; echo st=$?; eval - \'echo y\'; echo st=$?', 'st=2\nst=127\n');
  t('a missing sourced file ends a posix shell', 'set -o posix; . /tmp; echo dir-goes-on; (. /nonexistent; echo in); echo sub $?; . /nonexistent; echo never', 'dir-goes-on\nsub 1\n', 1);
}

// ---------------------------------------------------------------- pipelines
{
  const t = section('pipelines');
  t('bang before time and time before bang', '! time false 2>/dev/null; echo $?; ! time -p true 2>/dev/null; echo $?; time ! time false 2>/dev/null; echo $?', '0\n1\n0\n');
  t('bang right before a semicolon', '!; echo $?; true && !; echo $?', '1\n1\n');
  t('function stage reads a process substitution argument', 'f() { cat "$1" "$2"; }; f <(echo a) <(echo b) | cat; g() { wc -l < "$1"; }; g <(seq 3) | cat', 'a\nb\n3\n');
}

// ---------------------------------------------------------------- printf-echo
{
  const t = section('printf-echo');
  t('percent Q quotes after the precision cut', 'printf \'%.3Q|%.3q|%10Q|%-6Q|\\n\' \'a b c\' \'a b c\' \'x y\' \'a b\'; printf \'%Q\\n\' "it\'s"', 'a\\ b|a\\ |      x\\ y|a\\ b  |\nit\\\'s\n');
  t('ansi-c control question mark is DEL', 'printf %s $\'\\c?\' | od -An -tx1', ' 7f\n');
  t('unsigned conversions take the full 64 bits', 'printf \'%u %x %o\\n\' 18446744073709551615 -1 -1; printf \'%u\\n\' -18446744073709551615 18446744073709551616 9223372036854775808; echo st=$?; printf \'%X\\n\' 0x1ffffffffffffffff', '18446744073709551615 ffffffffffffffff 1777777777777777777777\n1\n18446744073709551615\n9223372036854775808\nst=0\nFFFFFFFFFFFFFFFF\n');
  t('signed conversion of a number past 63 bits clamps', 'printf \'%d %i\\n\' 9223372036854775808 -9223372036854775809; echo st=$?', '9223372036854775807 -9223372036854775808\nst=0\n');
  t('unicode escapes past the UTF-8 range', 'printf \'\\U110000|\\U7FFFFFFF|\\U80000000|\\n\' | od -An -tx1', ' f4 90 80 80 7c fd bf bf bf bf bf 7c 7c 0a\n');
  t('unicode escape of a surrogate', 'printf \'\\ud800\' | od -An -tx1; echo -e \'\\uDFFF\' | od -An -tx1; printf %s $\'\\ud800\' | od -An -tx1', ' ed a0 80\n ed bf bf 0a\n ed a0 80\n');
  t('echo takes no options in posix mode with xpg_echo', 'set -o posix; shopt -s xpg_echo; echo -n x; echo -e \'a\\tb\'; echo \'c\\td\'', '-n x\n-e a\tb\nc\td\n');
}

// ---------------------------------------------------------------- redirects
{
  const t = section('redirects');
  t('exec in a function keeps its redirections', 'f() { exec 3>out; }; f; echo via3 >&3; cat out; g() { exec >out2; }; g; echo hidden; cat out2 >&2', 'via3\n');
  t('exec through eval and source keeps its redirections', 'n=4; eval "exec $n>out"; echo dyn >&4; cat out; echo \'exec 5>out5\' > s.sh; . ./s.sh; echo src >&5; cat out5', 'dyn\nsrc\n');
  t('redirection of a function call is undone around an exec inside', 'f() { exec 3>x; }; f 3>y; echo a >&3; echo st=$?; f() { exec 2>/dev/null; }; f; ls /nonexistent; echo st=$?', 'st=1\nst=2\n');
  t('read from a closed stdin fails', 'x=old; read x <&-; echo "st=$? [$x]"; exec 3<&-; read -u 3 y; echo st=$?', 'st=1 [old]\nst=1\n');
  t('mapfile from a closed stdin is empty', 'mapfile a <&-; echo st=$? ${#a[@]}', 'st=0 0\n');
  t('brace expansion in a redirection target is ambiguous', 'echo a >f{1,2}; echo st=$?; echo b >g{1}; cat g{1}; ls', 'st=1\nb\ng{1}\n');
  t('closing an fd variable that is unset is ambiguous', 'exec {x}>&-; echo st=$?; x=; exec {x}>&-; echo st=$?; read y <<< still-open; echo $y', 'st=1\nst=1\nstill-open\n');
  t('write error of a builtin on a closed stdout reaches stderr', '{ echo x 2>&1 >&- | cat; printf y 2>&1 >&- | cat; } | sed \'s/.*line 1: //\'; echo z >&- 2>&-; echo st=$?', 'echo: write error: Bad file descriptor\nprintf: write error: Bad file descriptor\nst=1\n');
}

// ---------------------------------------------------------------- regex
{
  const t = section('regex');
  t('unclosed bracket in a regex is an error', '[[ x =~ [ ]]; echo $?; re=\'[a\'; [[ a =~ $re ]]; echo $?', '2\n2\n');
  t('unknown class or collating element in a regex', '[[ x =~ [[:foo:]] ]]; echo $?; [[ a =~ [[.a.]] ]]; echo $?; [[ a =~ [[.ab.]] ]]; echo $?', '2\n0\n2\n');
  t('brace that starts no interval is an error', 're=\'a{\'; [[ a =~ $re ]]; echo $?; re=\'a{x}\'; [[ a =~ $re ]]; echo $?; re=\'a{1\'; [[ a =~ $re ]]; echo $?; [[ a} =~ a} ]]; echo $?', '2\n2\n2\n0\n');
  t('interval forms in a regex', '[[ x =~ ^x{,2}$ ]]; echo $?; [[ xxx =~ ^x{,2}$ ]]; echo $?; [[ xx =~ ^x{2,}$ ]]; echo $?; [[ x =~ ^x{,}$ ]]; echo $?; re=\'a{2,1}\'; [[ a =~ $re ]]; echo $?; re=\'a{32768}\'; [[ a =~ $re ]]; echo $?', '0\n1\n0\n0\n2\n2\n');
  t('repeated quantifiers repeat the repetition', '[[ aa =~ ^a**$ ]]; echo $?; [[ aaa =~ ^a++$ ]]; echo $?; [[ aab =~ (a+?)b ]]; echo $? ${BASH_REMATCH[1]}; [[ aa =~ ^a{1}{2}$ ]]; echo $?', '0\n0\n0 aa\n0\n');
  t('quantifier with nothing to repeat', 're=\'+a\'; [[ a =~ $re ]]; echo $?; re=\'a|*\'; [[ a =~ $re ]]; echo $?; re=\'(*a)\'; [[ a =~ $re ]]; echo $?; re=\'^*\'; [[ a =~ $re ]]; echo $?', '2\n2\n2\n2\n');
  t('unmatched close paren is literal in a regex', 're=\'a)\'; [[ \'xa)\' =~ $re ]]; echo $? $BASH_REMATCH; re=\'(a\'; [[ a =~ $re ]]; echo $?', '0 a)\n2\n');
  t('trailing backslash in a regex', 're=\'a\\\'; [[ \'a\\\' =~ $re ]]; echo $?', '2\n');
  t('regex dot matches a newline but anchors stay per string', '[[ $\'a\\nb\' =~ a.b ]] && echo dotnl; [[ $\'a\\nb\' =~ ^b ]] || echo no-multiline; [[ $\'a\\nb\' =~ a$ ]] || echo no-multiline-end', 'dotnl\nno-multiline\nno-multiline-end\n');
}

// ---------------------------------------------------------------- set-e
{
  const t = section('set-e');
  t('unbound variable under set -e exits with 1', 'set -eu; echo $x; echo no', '', 1);
  t('unset parameter error under set -e exits with 1', 'set -e; f() { echo ${x?}; }; f; echo no', '', 1);
}

// ---------------------------------------------------------------- test
{
  const t = section('test');
  t('test integer past 64 bits is an error', '[ 9223372036854775808 -gt 1 ]; echo $?; [ -9223372036854775809 -lt 1 ]; echo $?; [ 9223372036854775807 -gt 1 ]; echo $?; [ -9223372036854775808 -lt 1 ]; echo $?', '2\n2\n0\n0\n');
  t('file tests see a process substitution', '[ -e <(true) ] && echo exists; [ -p <(true) ] && echo pipe; [[ -r <(true) ]] && echo readable; [[ -f <(true) ]] || echo notfile', 'exists\npipe\nreadable\nnotfile\n');
  t('file tests on dev fd paths name the shell fds', '[ -e /dev/fd/7 ]; echo $?; exec 7>f; [ -e /dev/fd/7 ]; echo $?; [ -f /dev/fd/7 ]; echo $?; [[ -w /dev/fd/7 ]]; echo $?; echo x | [ -p /dev/stdin ]; echo $?; [[ -e /dev/fd/0 ]] <&-; echo $?', '1\n0\n0\n0\n0\n1\n');
}
