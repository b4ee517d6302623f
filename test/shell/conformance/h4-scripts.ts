// Conformance cases (expectations recorded by running bash 5.2): functions and scoping,
// traps in functions, and whole scripts of the kinds people run (installers, CI steps,
// text processing, option parsing), in the table's -c form.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- arith
{
  const t = section('arith');
  t("division by zero in a compound assignment names the operand from its first non-blank", "x=1 y=0; for e in 'x /= 0 ' 'x %=  0' 'x /= y' 'a[1] /= 0'; do (( $e )) 2>&1 | sed 's/^.*error token/token/'; done", "token is \"0  \")\ntoken is \"0 \")\ntoken is \"y \")\ntoken is \"0 \")\n", 0);
  t("arithmetic programs: primes, gcd, base conversion and bit operations", "primes() { local i j; for (( i=2; i<=$1; i++ )); do for (( j=2; j*j<=i; j++ )); do (( i%j == 0 )) && continue 2; done; printf '%d ' $i; done; echo; }\nprimes 40\ngcd() { local a=$1 b=$2; while (( b )); do (( t = b, b = a % b, a = t )); done; echo $a; }; gcd 48 18; gcd 1071 462\ntobase() { local n=$1 b=$2 d=0123456789ABCDEF out=; (( n == 0 )) && { echo 0; return; }; while (( n > 0 )); do out=${d:n%b:1}$out; (( n /= b )); done; echo $out; }\ntobase 255 16; tobase 255 2; tobase 100 8\npopcount() { local n=$1 c=0; while (( n )); do (( c += n & 1, n >>= 1 )); done; echo $c; }; popcount 255; popcount 1024\necho $(( 2#1010 ^ 2#0110 )) $(( ~0 & 0xff )) $(( 1 << 10 | 3 ))", "2 3 5 7 11 13 17 19 23 29 31 37 \n6\n21\nFF\n11111111\n144\n8\n1\n12 255 1027\n", 0);
}

// ---------------------------------------------------------------- arrays-bash
{
  const t = section('arrays-bash');
  t("a stack machine with a nameref pop evaluates RPN", "stack=()\npush() { stack+=(\"$1\"); }\npop() { local -n _o=$1; _o=${stack[-1]}; unset 'stack[-1]'; }\nrpn() {\n  local tok a b\n  for tok in $1; do\n    case $tok in\n      +|-|'*'|/) pop b; pop a; push $(( a $tok b ));;\n      *) push \"$tok\";;\n    esac\n  done\n  pop a; echo \"$a\"\n}\nrpn \"3 4 + 2 *\"; rpn \"10 2 8 * + 3 -\"; rpn \"100 7 /\"; echo \"left: ${#stack[@]}\"", "14\n23\n14\nleft: 0\n", 0);
  t("a bubble sort through a nameref and a matrix product in an assoc array", "bsort() {\n  local -n arr=$1; local i j t n=${#arr[@]}\n  for ((i=0;i<n;i++)); do for ((j=0;j<n-i-1;j++)); do\n    if (( arr[j] > arr[j+1] )); then t=${arr[j]}; arr[j]=${arr[j+1]}; arr[j+1]=$t; fi\n  done; done\n}\nnums=(5 3 9 1 7 2); bsort nums; echo \"${nums[*]}\"\ndeclare -A A B C; n=2\nA[0,0]=1 A[0,1]=2 A[1,0]=3 A[1,1]=4 B[0,0]=5 B[0,1]=6 B[1,0]=7 B[1,1]=8\nfor ((i=0;i<n;i++)); do for ((j=0;j<n;j++)); do s=0; for ((k=0;k<n;k++)); do (( s += A[$i,$k] * B[$k,$j] )); done; C[$i,$j]=$s; done; done\necho \"${C[0,0]} ${C[0,1]} ${C[1,0]} ${C[1,1]}\"", "1 2 3 5 7 9\n19 22 43 50\n", 0);
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
  t("an installer checks commands and the OS and cleans its temp dir", "set -euo pipefail\ntmp=$(mktemp -d)\ntrap 'rm -rf \"$tmp\"; echo cleaned' EXIT\nneed() { command -v \"$1\" >/dev/null 2>&1 || { echo \"missing $1\"; return 1; }; }\nfor c in sh cat sed nonexistent_tool_zz; do if need \"$c\"; then echo \"have $c\"; fi; done\ncase $(uname -s) in Linux) echo linux;; Darwin) echo mac;; *) echo other;; esac\nif [[ -r /etc/os-release ]]; then . /etc/os-release; [[ -n ${ID:-} ]] && echo \"id known\"; fi\necho data > \"$tmp/f\"; [[ -s $tmp/f ]] && echo nonempty", "have sh\nhave cat\nhave sed\nmissing nonexistent_tool_zz\nlinux\nid known\nnonempty\ncleaned\n", 0);
}

// ---------------------------------------------------------------- control
{
  const t = section('control');
  t("a retry loop with backoff around a flaky function", "attempts=0\nflaky() { (( ++attempts < 3 )) && return 1; echo \"ok on $attempts\"; }\nwith_retry() {\n  local max=$1 delay=0 n; shift\n  for (( n=1; n<=max; n++ )); do\n    \"$@\" && return 0\n    echo \"attempt $n failed, sleeping $delay\"\n    sleep \"$delay\"; delay=$(( delay * 2 ))\n  done\n  return 1\n}\nset -euo pipefail\nwith_retry 5 flaky\nattempts=-10; with_retry 2 flaky || echo \"gave up\"", "attempt 1 failed, sleeping 0\nattempt 2 failed, sleeping 0\nok on 3\nattempt 1 failed, sleeping 0\nattempt 2 failed, sleeping 0\ngave up\n", 0);
  t("a manual long-option loop with shift and a getopts loop in a function", "parse() {\n  local name= verbose=0 n= dry=0\n  while (( $# )); do\n    case $1 in\n      --name=*) name=${1#*=};;\n      --name) name=$2; shift;;\n      --verbose|-v) verbose=1;;\n      -n) n=$2; shift;;\n      --dry-run) dry=1;;\n      --) shift; break;;\n      -*) echo \"unknown $1\"; return 1;;\n      *) break;;\n    esac\n    shift\n  done\n  echo \"name=$name verbose=$verbose n=$n dry=$dry rest=$*\"\n}\nparse --name=bob --verbose -n 3 --dry-run -- file1 -notopt\nparse --name alice x; parse --bogus; echo \"rc=$?\"\nopts() { local OPTIND opt; while getopts \":ab:\" opt; do case $opt in a) echo A;; b) echo \"B=$OPTARG\";; :) echo \"need -$OPTARG\";; \\?) echo \"bad -$OPTARG\";; esac; done; shift $((OPTIND-1)); echo \"rest: $*\"; }\nopts -a -b x y z; opts -z -b; opts -ab q r", "name=bob verbose=1 n=3 dry=1 rest=file1 -notopt\nname=alice verbose=0 n= dry=0 rest=x\nunknown --bogus\nrc=1\nA\nB=x\nrest: y z\nbad -z\nneed -b\nrest: \nA\nB=q\nrest: r\n", 0);
  t("a select menu driven from standard input", "PS3='pick> '\nselect opt in apple banana \"cherry pie\" quit; do\n  case $opt in\n    quit) echo bye; break;;\n    \"\") echo \"invalid $REPLY\";;\n    *) echo \"chose $opt ($REPLY)\";;\n  esac\ndone 2>/dev/null <<< $'1\\n3\\n9\\n4'", "chose apple (1)\nchose cherry pie (3)\ninvalid 9\nbye\n", 0);
}

// ---------------------------------------------------------------- coproc
{
  const t = section('coproc');
  t("a coprocess adds the numbers it is sent", "coproc BC { while read -r a b; do echo $((a+b)); done; }\nfor p in \"1 2\" \"3 4\" \"10 20\"; do echo \"$p\" >&\"${BC[1]}\"; read -r r <&\"${BC[0]}\"; echo \"sum $r\"; done\nexec {BC[1]}>&-\nwait $BC_PID; echo \"status $?\"", "sum 3\nsum 7\nsum 30\nstatus 0\n", 0);
}

// ---------------------------------------------------------------- declare-misc
{
  const t = section('declare-misc');
  t("local on a local nameref declares its target in the function", "f() { local -n r=x; local r; declare -p r x; local r=7; declare -p x; }; x=1; f; echo \"x=$x\"; g() { local -n r=y; local -i r=2+2; declare -p y; }; g; declare -p y 2>/dev/null || echo \"no global y\"; declare -n gr=z; h() { local gr=5; declare -p gr; }; h; echo \"[${z-unset}]\"", "declare -n r=\"x\"\ndeclare -- x\ndeclare -- x=\"7\"\nx=1\ndeclare -i y=\"4\"\nno global y\ndeclare -- gr=\"5\"\n[unset]\n", 0);
}

// ---------------------------------------------------------------- eval-source
{
  const t = section('eval-source');
  t("a dotfile de-duplicates PATH and defines aliases and helpers", "cat > rc.sh <<'RC'\n[[ $- == *i* ]] && echo \"interactive\"\nshopt -s expand_aliases\nalias ll='echo listing' la='echo all'\npathmunge() { case \":$PATH:\" in *\":$1:\"*) ;; *) if [ \"$2\" = after ]; then PATH=$PATH:$1; else PATH=$1:$PATH; fi;; esac; }\ndedup() { local IFS=: out= d; local -A seen; for d in $PATH; do [[ -n ${seen[$d]:-} ]] && continue; seen[$d]=1; out=${out:+$out:}$d; done; PATH=$out; }\nRC\nPATH=/bin:/usr/bin:/bin:/usr/local/bin:/usr/bin\n. ./rc.sh\npathmunge /opt/bin; pathmunge /opt/bin; pathmunge /usr/local/sbin after; dedup; echo \"$PATH\"\nalias | sort", "/opt/bin:/bin:/usr/bin:/usr/local/bin:/usr/local/sbin\nalias la='echo all'\nalias ll='echo listing'\n", 0);
}

// ---------------------------------------------------------------- functions-recursion
{
  const t = section('functions-recursion');
  t("a recursive permutation generator with locals per frame", "perm() { local p=$1 rest=$2 i; [[ -z $rest ]] && { echo \"$p\"; return; }; for ((i=0;i<${#rest};i++)); do perm \"$p${rest:i:1}\" \"${rest:0:i}${rest:i+1}\"; done; }\nperm \"\" abc | tr '\\n' ' '; echo\nack() { local m=$1 n=$2; if ((m==0)); then echo $((n+1)); elif ((n==0)); then ack $((m-1)) 1; else ack $((m-1)) $(ack $m $((n-1))); fi; }\nack 2 3\nhanoi() { local n=$1 from=$2 to=$3 via=$4; (( n == 0 )) && return; hanoi $((n-1)) $from $via $to; echo -n \"$from$to \"; hanoi $((n-1)) $via $to $from; }\nhanoi 3 A C B; echo", "abc acb bac bca cab cba \n9\nAC AB CB AC BA BC AC \n", 0);
  t("a topological sort by recursive visits over an associative array", "declare -A deps=([app]=\"lib util\" [lib]=\"util core\" [util]=\"core\" [core]=\"\")\ndeclare -A seen\norder=()\nvisit() {\n  local n=$1 d\n  [[ -n ${seen[$n]:-} ]] && return\n  seen[$n]=1\n  for d in ${deps[$n]}; do visit \"$d\"; done\n  order+=(\"$n\")\n}\nvisit app\necho \"${order[*]}\"", "core util lib app\n", 0);
  t("a directory walk recursing over globbed entries", "mkdir -p d/a/b d/c; touch d/x.txt d/a/y.txt d/a/b/z.txt d/c/w.log\nwalk() { local f depth=$2; for f in \"$1\"/*; do printf '%*s%s\\n' \"$depth\" '' \"${f##*/}\"; [[ -d $f ]] && walk \"$f\" $((depth+2)); done; }\nwalk d 0\ncount() { local n=0 f; for f in \"$1\"/*; do if [[ -d $f ]]; then n=$(( n + $(count \"$f\") )); else (( n++ )); fi; done; echo $n; }\ncount d", "a\n  b\n    z.txt\n  y.txt\nc\n  w.log\nx.txt\n4\n", 0);
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
  t("a mini test framework reports callers through FUNCNAME and BASH_LINENO", "passed=0 failed=0\nassert_eq() { if [[ $1 == \"$2\" ]]; then (( passed++ )); else (( failed++ )); echo \"FAIL ${FUNCNAME[1]} line ${BASH_LINENO[0]}: '$1' != '$2'\"; fi; }\ntest_math() { assert_eq $((2+2)) 4\n  assert_eq $((2*3)) 7; }\ntest_str() { local s=abc; assert_eq \"${s^^}\" ABC; assert_eq \"${#s}\" 3; }\nfor t in $(declare -F | awk '{print $3}' | grep '^test_'); do \"$t\"; done\necho \"passed=$passed failed=$failed\"\n(( failed == 0 ))", "FAIL test_math line 4: '6' != '7'\npassed=3 failed=1\n", 1);
  t("a task runner dispatches to functions found with declare -F", "task_build() { echo \"building $*\"; }\ntask_test() { echo \"testing\"; return 3; }\ntask_help() { echo \"tasks:\"; declare -F | sed -n 's/^declare -f task_/  /p'; }\nrun() {\n  local name=$1; shift\n  if declare -F \"task_$name\" >/dev/null; then \"task_$name\" \"$@\"; else echo \"unknown task: $name\" >&2; return 127; fi\n}\nrun help; run build fast \"with space\"; run test; echo \"test rc=$?\"; run nope 2>&1; echo \"rc=$?\"", "tasks:\n  build\n  help\n  test\nbuilding fast with space\ntesting\ntest rc=3\nunknown task: nope\nrc=127\n", 0);
  t("small function idioms: join_by, contains, max, sum and default arguments", "join_by() { local d=${1-} f=${2-}; if shift 2; then printf %s \"$f\" \"${@/#/$d}\"; fi; echo; }; join_by , a b c; join_by ' - ' x\ncontains() { local e m=$1; shift; for e; do [[ $e == \"$m\" ]] && return 0; done; return 1; }; contains b a b c && echo yes; contains z a b || echo no\nmax() { local m=$1 x; shift; for x; do (( x > m )) && m=$x; done; echo $m; }; max 3 9 2 7\nsum() { local t=0 x; for x; do (( t += x )); done; echo $t; }; sum $(seq 1 100)\nf() { echo \"${1:-default}\" \"${2:=x}\" 2>&1; }; f\ng() { : \"${1:?missing arg}\"; }; (g) 2>&1 | sed 's/^.*: //'; echo \"st ${PIPESTATUS[0]}\"", "a,b,c\nx\nyes\nno\n9\n5050\nmissing arg\nst 1\n", 0);
}

// ---------------------------------------------------------------- heredoc
{
  const t = section('heredoc');
  t("a here-document template filled from a function and arrays", "title=\"Report\"; items=(\"alpha one\" beta \"gamma ray\")\nlist() { local i; for i in \"${items[@]}\"; do printf '  <li>%s</li>\\n' \"$i\"; done; }\ncat <<HTML\n<h1>${title^^}</h1>\n<ul>\n$(list)\n</ul>\n<p>${#items[@]} items, $(( ${#items[@]} * 2 )) halves, \\$literal</p>\nHTML\nrender() { local tpl=$1 k; for k in name place; do tpl=${tpl//\"{{$k}}\"/${!k}}; done; echo \"$tpl\"; }\nname=Ann place=Paris render 'Hi {{name}} from {{place}}, {{name}}!'", "<h1>REPORT</h1>\n<ul>\n  <li>alpha one</li>\n  <li>beta</li>\n  <li>gamma ray</li>\n</ul>\n<p>3 items, 6 halves, $literal</p>\nHi Ann from Paris, Ann!\n", 0);
}

// ---------------------------------------------------------------- jobs
{
  const t = section('jobs');
  t("fg prints the job command on standard output", "set -m; sleep 0.1 & fg 2>/dev/null; echo \"fg $?\"; (sleep 0.1; exit 3) & fg %1 2>/dev/null; echo \"fg $?\"; { sleep 0.05; echo grp; } & fg >/dev/null; echo \"quiet $?\"", "sleep 0.1\nfg 0\n( sleep 0.1; exit 3 )\nfg 3\ngrp\nquiet 0\n", 0);
  t("an unknown job spec for wait is reported with the line", "x=$(wait %5 2>&1); echo \"$? ${x#*: }\"; x=$(wait %x 2>&1); echo \"${x#*: }\"", "127 line 1: wait: %5: no such job\nline 1: wait: %x: no such job\n", 0);
  t("parallel jobs collected with wait per pid and their statuses", "work() { sleep 0.0$1; return $1; }\npids=()\nfor i in 3 1 2; do work $i & pids+=($!); done\nfor p in \"${pids[@]}\"; do wait $p; echo \"status $?\"; done\nfor i in 4 5; do ( exit $i ) & done; wait; echo \"all done $?\"", "status 3\nstatus 1\nstatus 2\nall done 0\n", 0);
}

// ---------------------------------------------------------------- param-ops
{
  const t = section('param-ops');
  t("a string library of trim, split, join, repeat and urlencode", "trim() { local s=$1; s=${s#\"${s%%[![:space:]]*}\"}; s=${s%\"${s##*[![:space:]]}\"}; printf '%s' \"$s\"; }\necho \"[$(trim $'  \\t hi there  ')]\"\nsplit() { local IFS=$2; local -a out; read -ra out <<< \"$1\"; printf '<%s>' \"${out[@]}\"; echo; }\nsplit \"a-b--c\" -\njoin() { local IFS=$1; shift; echo \"$*\"; }; join , x \"y z\" w\nrepeat() { local s; printf -v s '%*s' \"$2\" ''; echo \"${s// /$1}\"; }; repeat ab 3\nurlencode() { local s=$1 i c out=; for (( i=0; i<${#s}; i++ )); do c=${s:i:1}; case $c in [a-zA-Z0-9.~_-]) out+=$c;; *) printf -v c '%%%02X' \"'$c\"; out+=$c;; esac; done; echo \"$out\"; }\nurlencode \"hello world/&?=x\"\njson_escape() { local s=$1; s=${s//\\\\/\\\\\\\\}; s=${s//\\\"/\\\\\\\"}; s=${s//$'\\n'/\\\\n}; s=${s//$'\\t'/\\\\t}; printf '\"%s\"' \"$s\"; }\njson_escape $'he said \"hi\"\\n\\tback\\\\slash'; echo", "[hi there]\n<a><b><><c>\nx,y z,w\nababab\nhello%20world%2F%26%3F%3Dx\n\"he said \\\"hi\\\"\\n\\tback\\\\slash\"\n", 0);
}

// ---------------------------------------------------------------- printf-echo
{
  const t = section('printf-echo');
  t("an inventory report in printf columns from CSV input", "declare -A qty price\nwhile IFS=, read -r item q p; do\n  [[ $item == item ]] && continue\n  qty[$item]=$(( ${qty[$item]:-0} + q )); price[$item]=$p\ndone <<'CSV'\nitem,qty,price\napple,3,50\npear,2,75\napple,4,50\nfig,10,20\nCSV\ntotal=0\nprintf '%-6s %4s %7s\\n' ITEM QTY VALUE\nfor k in $(printf '%s\\n' \"${!qty[@]}\" | sort); do\n  v=$(( qty[$k] * price[$k] )); total=$(( total + v ))\n  printf '%-6s %4d %4d.%02d\\n' \"$k\" \"${qty[$k]}\" $((v/100)) $((v%100))\ndone\nprintf 'TOTAL %12d.%02d\\n' $((total/100)) $((total%100))", "ITEM    QTY   VALUE\napple     7    3.50\nfig      10    2.00\npear      2    1.50\nTOTAL            7.00\n", 0);
  t("printf time formats take the # flag and the E and O modifiers as glibc does", "export TZ=UTC; for f in %#a %#B %#p %#Z %Ey %Od %EY %OH %Eq; do printf \"%s=[%($f)T] \" \"$f\" 1000000000; done; echo; printf '%(%#b %Ec)T\\n' 0", "%#a=[SUN] %#B=[SEPTEMBER] %#p=[am] %#Z=[utc] %Ey=[01] %Od=[09] %EY=[2001] %OH=[01] %Eq=[%Eq] \nJAN Thu Jan  1 00:00:00 1970\n", 0);
}

// ---------------------------------------------------------------- read-builtin
{
  const t = section('read-builtin');
  t("an ini file parser with sections, comments and quoted values", "cat > app.ini <<'INI'\n; comment\n[server]\nhost = example.com\nport=8080\n\n[client]\ntimeout = 30\nname = \"my app\"\nINI\ndeclare -A cfg\nsection=\nwhile IFS= read -r line || [[ -n $line ]]; do\n  line=${line%%;*}\n  [[ $line =~ ^[[:space:]]*$ ]] && continue\n  if [[ $line =~ ^\\[(.*)\\]$ ]]; then section=${BASH_REMATCH[1]}; continue; fi\n  if [[ $line =~ ^[[:space:]]*([^=[:space:]]+)[[:space:]]*=[[:space:]]*(.*)$ ]]; then\n    val=${BASH_REMATCH[2]}; val=${val%\\\"}; val=${val#\\\"}\n    cfg[$section.${BASH_REMATCH[1]}]=$val\n  fi\ndone < app.ini\nfor k in $(printf '%s\\n' \"${!cfg[@]}\" | sort); do echo \"$k=${cfg[$k]}\"; done", "client.name=my app\nclient.timeout=30\nserver.host=example.com\nserver.port=8080\n", 0);
  t("an access log summarised with read fields and pipelines", "cat > access.log <<'LOG'\n10.0.0.1 - - [01/Jan/2024] \"GET /index.html\" 200 512\n10.0.0.2 - - [01/Jan/2024] \"GET /about\" 404 0\n10.0.0.1 - - [01/Jan/2024] \"POST /api\" 500 20\n10.0.0.3 - - [01/Jan/2024] \"GET /index.html\" 200 512\nLOG\ndeclare -A by_status; bytes=0\nwhile read -r ip _ _ _ _ path code size; do (( by_status[$code]++ )); (( bytes += size )); done < access.log\nfor c in \"${!by_status[@]}\"; do echo \"$c ${by_status[$c]}\"; done | sort\necho \"bytes=$bytes\"\nawk '{print $1}' access.log | sort | uniq -c | sort -k1,1nr -k2 | head -1 | tr -s ' '\ncut -d'\"' -f2 access.log | cut -d' ' -f2 | sort -u | paste -sd' '", "200 2\n404 1\n500 1\nbytes=1044\n 2 10.0.0.1\n/about /api /index.html\n", 0);
  t("word frequencies counted in an associative array", "declare -A count\nwhile IFS= read -r line; do\n  for w in $line; do w=${w,,}; w=${w//[^a-z]/}; [[ -z $w ]] && continue; count[$w]=$(( ${count[$w]:-0} + 1 )); done\ndone <<'TXT'\nThe quick brown fox. The lazy dog!\nthe fox, the DOG; and a cat\nTXT\nfor k in \"${!count[@]}\"; do printf '%s %d\\n' \"$k\" \"${count[$k]}\"; done | sort -k2,2nr -k1,1 | head -4", "the 4\ndog 2\nfox 2\na 1\n", 0);
}

// ---------------------------------------------------------------- redirects
{
  const t = section('redirects');
  t("a reader on a numbered descriptor from exec {fd}<", "printf 'l1\\nl2\\nl3\\n' > in.txt\nexec {fd}<in.txt\nwhile read -r -u $fd line; do echo \"[$line]\"; done\nexec {fd}<&-\nexec {w}>out.txt; echo one >&$w; echo two >&$w; exec {w}>&-; cat out.txt", "[l1]\n[l2]\n[l3]\none\ntwo\n", 0);
}

// ---------------------------------------------------------------- status
{
  const t = section('status');
  t("posix mode drops the rest of the line at a readonly prefix assignment, and a return outside a function ends the shell", "set -o posix; readonly r=1; (r=2 echo hi; echo no); echo \"sub $?\"; x=$(r=2 :; echo no); echo \"cs $?\"; (r=2; echo no); echo \"assign $?\"; (return; echo no); echo \"return $?\"; f() { return 3; }; f; echo \"f $?\"; r=2 /bin/echo ext 2>/dev/null; echo not reached", "sub 1\ncs 1\nassign 1\nreturn 2\nf 3\n", 1);
  t("an arithmetic expansion error ends a posix-mode shell", "set -o posix; (echo $((1/0)); echo no); echo \"sub $?\"; x=$(: $((1+)); echo no); echo \"cs $?\"; (( 1/0 )) 2>/dev/null; echo \"cmd $?\"; let 1/0 2>/dev/null; echo \"let $?\"; (a=(1); a[1]=(2); echo no) 2>/dev/null; echo \"list $?\"; echo $((2/0)) 2>/dev/null; echo not reached", "sub 1\ncs 1\ncmd 1\nlet 1\nlist 1\n", 127);
  t("a readonly for or select variable ends a posix-mode shell", "readonly v=1; for v in 1 2; do echo no; done 2>/dev/null; echo \"plain $?\"; set -o posix; (for v in 1; do echo no; done; echo no2) 2>/dev/null; echo \"sub $?\"; (select v in a; do break; done <<< 1; echo no3) 2>/dev/null; echo \"select $?\"; for v in x; do :; done 2>/dev/null; echo not reached", "plain 1\nsub 1\nselect 1\n", 127);
}

// ---------------------------------------------------------------- traps
{
  const t = section('traps');
  t("a signal sent as the last command of a function is trapped inside it", "trap 'echo \"trap ${FUNCNAME[*]} $?\"' USR1; f() { kill -USR1 $$; }; g() { f; echo g-end; }; g; echo top; trap 'echo ret' RETURN; set -T; h() { kill -USR1 $$; return 3; }; h; echo $?", "trap f g 0\ng-end\ntop\ntrap h 0\nret\n3\n", 0);
  t("a signal trap runs before the next command of an and-or list", "trap 'echo trap $?' USR1; kill -USR1 $$ && echo and; false || kill -USR1 $$ || echo no; echo $?", "trap 0\nand\ntrap 0\n0\n", 0);
  t("an ERR trap prints a stack trace of the failing function calls", "set -eE\ntrace() {\n  local rc=$? i\n  echo \"error rc=$rc in ${FUNCNAME[1]}\"\n  for (( i=1; i<${#FUNCNAME[@]}; i++ )); do echo \"  at ${FUNCNAME[i]} (line ${BASH_LINENO[i-1]})\"; done\n}\ntrap trace ERR\ninner() { echo \"inner\"; return 4; }\nouter() {\n  inner\n  echo \"never\"\n}\nouter", "inner\nerror rc=4 in outer\n  at outer (line 10)\n", 4);
  t("a cleanup trap on EXIT keeps the exit status of the script", "set -u\ndir=$(mktemp -d)\ncleanup() { local rc=$?; rm -rf \"$dir\"; echo \"cleanup rc=$rc\"; exit $rc; }\ntrap cleanup EXIT\nlock=$dir/lock\nif mkdir \"$lock\" 2>/dev/null; then echo \"got lock\"; fi\nif mkdir \"$lock\" 2>/dev/null; then echo \"double lock?\"; else echo \"lock busy\"; fi\necho data > \"$dir/out\"; [[ -f $dir/out ]] && echo wrote\nexit 3", "got lock\nlock busy\nwrote\ncleanup rc=3\n", 3);
  t("USR1 counted by a trap sent with kill -s to the shell", "got=0\ntrap 'got=$((got+1)); echo \"usr1 #$got\"' USR1\nkill -s USR1 $$; kill -USR1 $$; kill -10 $$\necho \"got=$got\"\ntrap - USR1; trap -p USR1; echo cleared", "usr1 #1\nusr1 #2\nusr1 #3\ngot=3\ncleared\n", 0);
  t("a trapped TERM the shell sends itself does not stop the running command", "trap 'echo got term' TERM; ( sleep 0.1; kill -TERM $$ ) & sleep 0.5; echo \"after sleep $?\"; trap 'echo got int' INT; ( sleep 0.1; kill -INT $$ ) & sleep 0.4; echo \"after sleep2 $?\"", "got term\nafter sleep 0\ngot int\nafter sleep2 0\n", 0);
  t("an expansion error in the EXIT trap leaves the exit status as it was", "(trap 'echo ${x?}; echo no' EXIT; exit 3) 2>/dev/null; echo \"sub $?\"; (trap 'exit 6' EXIT; exit 5); echo \"exit in trap $?\"; trap 'set -u; echo $nope; echo no' EXIT; (exit 7)", "sub 3\nexit in trap 6\n", 7);
}
