// Conformance cases (expectations recorded by running bash 5.2): functions and scoping,
// traps in functions, and whole scripts of the kinds people run (installers, CI steps,
// text processing, option parsing), in the table's -c form.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- arith
{
  const t = section('arith');
  t("division by zero in a compound assignment names the operand from its first non-blank", "x=1 y=0; for e in 'x /= 0 ' 'x %=  0' 'x /= y' 'a[1] /= 0'; do (( $e )) 2>&1 | sed 's/^.*error token/token/'; done", "token is \"0  \")\ntoken is \"0 \")\ntoken is \"y \")\ntoken is \"0 \")\n", 0);
}

// ---------------------------------------------------------------- builtins
{
  const t = section('builtins');
  t("assigning OPTIND starts getopts over inside an option group", "set -- -ab -cd; getopts abcd o; echo $o; OPTIND=1; getopts abcd o; echo \"again $o\"; getopts abcd o; (( OPTIND=1 )); getopts abcd o; echo \"arith $o\"; set -- -xyz; OPTIND=1; getopts xyz o; f() { local OPTIND=1 o; getopts pq o -q; echo \"f $o\"; }; f; getopts xyz o; echo \"kept $o\"; (getopts xyz o; echo \"sub $o\"); getopts xyz o; echo \"$o $OPTIND\"", "a\nagain a\narith a\nf q\nkept y\nsub z\nz 2\n", 0);
}

// ---------------------------------------------------------------- command-lookup
{
  const t = section('command-lookup');
  t("command -p remembers the program it found", "PATH=/nonexistent; command -p ls / >/dev/null; ls / >/dev/null; echo $?; hash; cat </dev/null 2>/dev/null; echo $?", "0\nhits\tcommand\n   2\t/bin/ls\n127\n", 0);
}

// ---------------------------------------------------------------- declare-misc
{
  const t = section('declare-misc');
  t("local on a local nameref declares its target in the function", "f() { local -n r=x; local r; declare -p r x; local r=7; declare -p x; }; x=1; f; echo \"x=$x\"; g() { local -n r=y; local -i r=2+2; declare -p y; }; g; declare -p y 2>/dev/null || echo \"no global y\"; declare -n gr=z; h() { local gr=5; declare -p gr; }; h; echo \"[${z-unset}]\"", "declare -n r=\"x\"\ndeclare -- x\ndeclare -- x=\"7\"\nx=1\ndeclare -i y=\"4\"\nno global y\ndeclare -- gr=\"5\"\n[unset]\n", 0);
}

// ---------------------------------------------------------------- functions
{
  const t = section('functions');
  t("an exported function has the flat layout in its environment variable", "f() { echo a\n local x=1; case $x in 1) echo one;; esac; while false; do :; done; { echo g; }; (echo s); }; export -f f; env | grep -a -A14 '^BASH_FUNC_f%%=' | grep -v '^_='; g() { echo r; } >/dev/null; export -f g; env | grep -a -A1 '^BASH_FUNC_g%%='", "BASH_FUNC_f%%=() {  echo a;\n local x=1;\n case $x in \n 1)\n echo one\n ;;\n esac;\n while false; do\n :;\n done;\n { \n echo g\n };\n ( echo s )\n}\nBASH_FUNC_g%%=() {  echo r\n} > /dev/null\n", 0);
  t("an exported function keeps here-document lines as written", "f() { cat <<EOF\n  indented\nEOF\necho \"a\n   b\"; }; export -f f; env | grep -a -A7 '^BASH_FUNC_f%%=' | grep -v '^_='; bash -c f", "BASH_FUNC_f%%=() {  cat <<EOF\n  indented\nEOF\n\n echo \"a\n   b\"\n}\n  indented\na\n   b\n", 0);
  t("a read-write redirection of fd 1 prints without its fd", "f() { echo a 0<> z 1<>y 2<>x <>w 3<>v {q}<>u; }; declare -f f", "f () \n{ \n    echo a 0<> z <> y 2<> x 0<> w 3<> v {q}<> u\n}\n", 0);
  t("an invalid caller argument prints the usage line too", "f() { caller x; echo $?; caller -1; echo $?; }; f 2>&1 | sed 's/^.*line 1: //'", "caller: x: invalid number\ncaller: usage: caller [expr]\n2\ncaller: -1: invalid option\ncaller: usage: caller [expr]\n2\n", 0);
  t("a sourced file sees the script arguments unless given its own", "printf 'echo \"in: $# $*\"; shift; echo \"shifted: $*\"\\n' > pp.sh; set -- one two three; . ./pp.sh; echo \"out: $*\"; . ./pp.sh x y; echo \"out2: $*\"; f() { . ./pp.sh; echo \"f: $*\"; }; f p q", "in: 3 one two three\nshifted: two three\nout: two three\nin: 2 x y\nshifted: y\nout2: two three\nin: 2 p q\nshifted: q\nf: q\n", 0);
  t("a command substitution whose body starts with a subshell prints with a space", "f() { echo $( (echo sub) ) \"$( (echo q); echo r )\" $( ((1)) && echo ar ) $(( 2 * 3 )); cat <( (echo ps) ); }; declare -f f; f; eval \"$(declare -f f | sed 's/^f /g /')\"; g", "f () \n{ \n    echo $( ( echo sub )) \"$( ( echo q ); echo r)\" $( ((1)) && echo ar) $(( 2 * 3 ));\n    cat <( ( echo ps ))\n}\nsub q\nr ar 6\nps\nsub q\nr ar 6\nps\n", 0);
  t("a quoted function name ends a posix-mode script", "function 'a b' { :; } 2>/dev/null; echo \"st $?\"; set -o posix; 'a-b'() { echo ab; } 2>/dev/null; echo not reached", "st 1\n", 2);
  t("a local nameref to its own name assigns and reads the global array", "f() { local -n arr=$1; arr+=(new); }; g() { local -a arr=(x); f arr; echo \"g st $?\"; declare -p arr; }; g 2>/dev/null; declare -p arr; declare -A am; k() { local -n am=am; am[x]=1; echo \"${!am[@]}\"; }; k 2>/dev/null; j() { local -n q=q; q=(1 2); echo \"${#q[@]} ${q[1]}\"; }; j 2>/dev/null; declare -p am q", "g st 0\ndeclare -a arr=([0]=\"x\")\ndeclare -a arr=([0]=\"new\")\nx\n2 2\ndeclare -A am=([x]=\"1\" )\ndeclare -a q=([0]=\"1\" [1]=\"2\")\n", 0);
}

// ---------------------------------------------------------------- jobs
{
  const t = section('jobs');
  t("fg prints the job command on standard output", "set -m; sleep 0.1 & fg 2>/dev/null; echo \"fg $?\"; (exit 3) & fg %1 2>/dev/null; echo \"fg $?\"; { sleep 0.05; echo grp; } & fg >/dev/null; echo \"quiet $?\"", "sleep 0.1\nfg 0\n( exit 3 )\nfg 3\ngrp\nquiet 0\n", 0);
  t("an unknown job spec for wait is reported with the line", "x=$(wait %5 2>&1); echo \"$? ${x#*: }\"; x=$(wait %x 2>&1); echo \"${x#*: }\"", "127 line 1: wait: %5: no such job\nline 1: wait: %x: no such job\n", 0);
}

// ---------------------------------------------------------------- traps
{
  const t = section('traps');
  t("a signal sent as the last command of a function is trapped inside it", "trap 'echo \"trap ${FUNCNAME[*]} $?\"' USR1; f() { kill -USR1 $$; }; g() { f; echo g-end; }; g; echo top; trap 'echo ret' RETURN; set -T; h() { kill -USR1 $$; return 3; }; h; echo $?", "trap f g 0\ng-end\ntop\ntrap h 0\nret\n3\n", 0);
  t("a signal trap runs before the next command of an and-or list", "trap 'echo trap $?' USR1; kill -USR1 $$ && echo and; false || kill -USR1 $$ || echo no; echo $?", "trap 0\nand\ntrap 0\n0\n", 0);
}
