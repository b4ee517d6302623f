// Conformance cases (expectations recorded by running bash 5.2): function recursion and FUNCNEST, eval/source, declare/local/readonly/export details.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- functions-recursion
{
  const t = section('functions-recursion');
  t('bind in a script: a warning, status 0', 'bind "set bell-style none" 2>&1 | grep -c "bind: warning: line editing not enabled"; bind "\\C-x: abort" 2>/dev/null; echo $?', '1\n0\n');
  t('fc in a script: no history', 'fc -l; echo $?; fc -s 2>/dev/null; echo $?; fc; echo $?', '0\n1\n0\n');
  t('infinite recursion stops cleanly (here at the default FUNCNEST, 10000; the reference at FUNCNEST=1000)', 'case $BASH_VERSION in *aosh) ;; *) FUNCNEST=1000 ;; esac; f() { f; }; f; echo "st=$?"', '', 1);
  t('FUNCNEST limits depth', 'FUNCNEST=5; f() { f; }; f; echo "st=$?"', '', 1);
  t('FUNCNEST message names the limit', "FUNCNEST=3; g() { g; }; g 2>&1 | head -1 | sed 's/^[^:]*: line [0-9]*: //'", 'g: maximum function nesting level exceeded (3)\n');
  t('recursion with a counter', 'f() { (( $1 > 0 )) && f $(( $1 - 1 )); echo -n "$1 "; }; f 5; echo', '0 1 2 3 4 5 \n');
  t('deep recursion within limits', 'f() { (( $1 == 0 )) && return 0; f $(( $1 - 1 )); }; f 2000; echo "st=$?"', 'st=0\n');
  t('recursive fibonacci', 'fib() { (( $1 < 2 )) && { echo $1; return; }; echo $(( $(fib $(( $1 - 1 ))) + $(fib $(( $1 - 2 ))) )); }; fib 10', '55\n');
  t('local in recursion', 'f() { local n=$1; (( n > 0 )) && f $((n-1)); echo -n "$n"; }; f 3; echo', '0123\n');
  t('return status from nested calls', 'a() { return 3; }; b() { a; return $(( $? + 1 )); }; b; echo "st=$?"', 'st=4\n');
  t('FUNCNAME stack', 'a() { b; }; b() { echo "${FUNCNAME[@]}"; }; a', 'b a\n');
  t('function redefinition inside a function', 'f() { g() { echo inner-g; }; }; f; g', 'inner-g\n');
  t('unset -f (functions-recursion)', 'f() { echo x; }; unset -f f; f 2>/dev/null; echo "st=$?"', 'st=127\n');
  t('function with the name of a builtin', 'cd() { echo "my cd $1"; }; cd /tmp', 'my cd /tmp\n');
  t('function keyword forms', 'function f1 { echo f1; }; function f2() { echo f2; }; f1; f2', 'f1\nf2\n');
  t('function body is any compound command', 'f() ( echo subshell-body; exit 3 ); f; echo "st=$?"', 'subshell-body\nst=3\n');
  t('function with redirection in the definition', 'f() { echo to-err; } >&2; f 2>/dev/null; echo done', 'done\n');
  t('positional parameters restored after a call', 'set -- a b; f() { set -- x; echo "$#"; }; f; echo "$# $1"', '1\n2 a\n');
  t('return outside a function', 'return 2>/dev/null; echo "st=$?"', 'st=2\n');
  t('exit inside a function in a subshell', 'f() { exit 4; }; (f); echo "st=$?"', 'st=4\n');
  t('declare -F lists functions', 'f() { :; }; g() { :; }; declare -F', 'declare -f f\ndeclare -f g\n');
  t('declare -f prints the body', 'f() { local x=1; echo "$x"; }; declare -f f', 'f () \n{ \n    local x=1;\n    echo "$x"\n}\n');
  t('export -f to a child', 'f() { echo exported; }; export -f f; bash -c f', 'exported\n');
  t('TIMEFORMAT: %R, %lR, precision and %%', 'TIMEFORMAT="%0R|%1lR|%%"; { time true; } 2>&1', '0|0m0.0s|%\n');
  t('TIMEFORMAT empty prints nothing', 'TIMEFORMAT=; { time true; } 2>&1; echo done', 'done\n');
  t('time default format has real/user/sys lines', "{ time true; } 2>&1 | grep -cE '^(real|user|sys)\t[0-9]+m[0-9]+\\.[0-9]{3}s$'", '3\n');
  t('${v~~} and ${v~} swap case (all, first, matching)', 's=HeLLo; echo ${s~~} ${s~} ${s~~[lL]}; a=(aB Cd); echo ${a[@]~~}', 'hEllO heLLo Hello\nAb cD\n');
  t('set -x traces each [[ test with its operands expanded', 'x=ab; { set -x; [[ -n $x && $x == a* ]]; [[ $x ]]; set +x; } 2>&1 | grep -F "[["', '+ [[ -n ab ]]\n+ [[ ab == a* ]]\n+ [[ -n ab ]]\n');
  t('pattern operators on an unset variable give nothing', 'unset x; echo "[${x/#/pre}]" "[${x^^}]" "[${x%a}]"; x=; echo "[${x/#/pre}]"', '[] [] []\n[pre]\n');
  t('what a group writes last into a pipe is never lost (trace lines of 2>&1 into cat)', 'for i in $(seq 30); do { set -x; : x; set +x; } 2>&1 | cat; done | grep -c "set +x"', '30\n');
  t('break outside a loop says so, status 0', 'break 2>&1 | sed "s/^[^:]*: line [0-9]*: //"; break 2>/dev/null; echo "st=$?"', "break: only meaningful in a `for', `while', or `until' loop\nst=0\n");
  t('kill -0 on a job that ended and was waited for: no such process', 'sleep 0 & p=$!; wait $p; kill -0 $p 2>/dev/null; echo "k=$?"; case $p in ""|*[!0-9]*) echo bad;; *) echo num;; esac', 'k=1\nnum\n');
  t('${a[} is a bad substitution when it runs (earlier commands ran)', 'echo a; echo ${x[} 2>/dev/null; echo b', 'a\n', 1);
  t('command -v with several names: status 0 when any was found', 'command -v nosuch echo; echo "rc=$?"; command -v nosuch; echo "rc=$?"', 'echo\nrc=0\nrc=1\n');
  t('a builtin whose write fails says so and goes on (status 1)', 'echo x > /dev/full 2>/dev/null; echo "st=$?"; printf y > /dev/full 2>/dev/null; echo "st=$?"; echo x 2>&1 >/dev/full | grep -c "write error"', 'st=1\nst=1\n1\n');
}

// ---------------------------------------------------------------- eval-source
{
  const t = section('eval-source');
  t('eval concatenates arguments', "eval echo a 'b;' echo c", 'a b\nc\n');
  t('eval with a syntax error', "eval 'if'; echo \"st=$?\"", 'st=2\n');
  t('eval sets variables', "eval 'x=1; y=$((x+1))'; echo \"$x $y\"", '1 2\n');
  t('eval status (eval-source)', 'eval false; echo "st=$?"; eval; echo "st=$?"', 'st=1\nst=0\n');
  t('nested eval quoting', "eval \"eval 'echo nested'\"", 'nested\n');
  t('eval of a function definition', "eval 'f() { echo from-eval; }'; f", 'from-eval\n');
  t('source a file with arguments', "echo 'echo \"args: $# $1\"' > s.sh; source ./s.sh one two", 'args: 2 one\n');
  t('source keeps positional parameters without args', "set -- p1; echo 'echo \"$1\"' > s.sh; . ./s.sh", 'p1\n');
  t('source returns with return', "printf 'echo before\\nreturn 3\\necho after\\n' > s.sh; . ./s.sh; echo \"st=$?\"", 'before\nst=3\n');
  t('source missing file (eval-source)', '. ./nosuch.sh; echo "st=$?"', 'st=1\n');
  t('source searches PATH', "mkdir d; echo 'echo found-in-path' > d/sp.sh; PATH=$PWD/d:$PATH; . sp.sh", 'found-in-path\n');
  t('BASH_SOURCE in a sourced file', "echo 'echo \"${BASH_SOURCE[0]}\"' > bs.sh; . ./bs.sh", './bs.sh\n');
  t('syntax error in a sourced file', "printf 'echo ok\\nif\\n' > bad.sh; . ./bad.sh; echo \"st=$?\"", 'ok\nst=2\n');
  t('source a directory', 'mkdir dd; . ./dd; echo "st=$?"', 'st=1\n');
  t('source with no arguments', 'source; echo "st=$?"', 'st=2\n');
  t('variables from a sourced file persist', "echo 'v=sourced' > v.sh; . ./v.sh; echo $v", 'sourced\n');
  t('functions defined in a sourced file', "echo 'sf() { echo sf; }' > f.sh; . ./f.sh; sf", 'sf\n');
  t('exit in a sourced file exits the shell', "echo 'exit 5' > e.sh; . ./e.sh; echo never", '', 5);
  t('LINENO in eval', "eval $'\\n\\necho $LINENO'", '3\n');
  t('eval with a trailing backslash newline', "eval 'echo a\\\nb'", 'ab\n');
  t('eval of an alias definition used later', "shopt -s expand_aliases; eval 'alias hi=\"echo hello\"'; eval hi", 'hello\n');
}

// ---------------------------------------------------------------- declare-misc
{
  const t = section('declare-misc');
  t('declare -p of various kinds', 'declare -i i=3; declare -r r=x; declare -x e=y; declare -a a=(1 2); declare -A m=([k]=v); declare -p i r e a m', 'declare -i i="3"\ndeclare -r r="x"\ndeclare -x e="y"\ndeclare -a a=([0]="1" [1]="2")\ndeclare -A m=([k]="v" )\n');
  t('declare -p of an unset declared variable', 'declare x; declare -p x; declare -a y; declare -p y', 'declare -- x\ndeclare -a y\n');
  t('declare -p missing', 'declare -p nosuch; echo "st=$?"', 'st=1\n');
  t('declare -l -u -c', 'declare -l lo=ABC; declare -u up=abc; declare -c ca=hELLO; echo "$lo $up $ca"', 'abc ABC Hello\n');
  t('declare +x removes export', 'export ex=1; declare +x ex; declare -p ex', 'declare -- ex="1"\n');
  t('declare -g inside a function', 'f() { declare -g gv=global; local lv=local; }; f; echo "${gv-unset} ${lv-unset}"', 'global unset\n');
  t('local shadows and restores', 'x=outer; f() { local x=inner; echo $x; }; f; echo $x', 'inner\nouter\n');
  t('local without value', 'x=outer; f() { local x; echo "[${x-unset}]"; }; f', '[unset]\n');
  t('readonly errors', 'readonly ro=1; ro=2; echo "st=$?"; unset ro; echo "st=$?"', '', 1);
  t('readonly -p', 'readonly rp=val; readonly -p | grep rp', 'declare -r rp="val"\n');
  t('export -p format', "export EP='a b'; export -p | grep ' EP='", 'declare -x EP="a b"\n');
  t('declare -n nameref', 'x=target; declare -n ref=x; ref=changed; echo "$x"; echo "${!ref}"', 'changed\nx\n');
  t('nameref to an array element', "a=(1 2 3); declare -n r='a[1]'; r=X; echo \"${a[@]}\"", '1 X 3\n');
  t('declare -i arithmetic on assignment', 'declare -i n=5*5; n+=1; echo $n', '26\n');
  t('typeset is declare', 'typeset -i t=2+2; echo $t', '4\n');
  t('declare without arguments lists variables', "unset -v foo; foo=bar; declare | grep '^foo='", 'foo=bar\n');
  t('local outside a function', 'local x=1; echo "st=$?"', 'st=1\n');
  t('declare -a on an existing scalar', 's=scalar; declare -a s; declare -p s', 'declare -a s=([0]="scalar")\n');
  t('declare -A conversion error', 'declare -a arr=(1); declare -A arr; echo "st=$?"', 'st=1\n');
  t('declare invalid identifier', 'declare 1x=3; echo "st=$?"', 'st=1\n');
  t('declare -x in a function is local', "f() { declare -x fx=1; env | grep -c '^fx='; }; f; echo \"${fx-unset}\"", '1\nunset\n');
  t('declare -t and -f combos', 'f() { :; }; declare -ft f; declare -F f; declare -pf f | head -1', 'f\nf () \n');
}
