// Conformance cases (expectations recorded by running bash 5.2): declaration builtins' listing
// formats and statuses, set/shopt listings, getopts, type/command lookups, and the builtins that run code.
import { section } from '../conformance-table.js';

{
  const t = section('declare-misc');
  t('declare -p writes each line and error in argument order', 'x=1; y=2; declare -p x nosuch y 2>&1 | sed \'s/^.*line 1: //\'', 'declare -- x="1"\ndeclare: nosuch: not found\ndeclare -- y="2"\n');
  t('declare -pF prints the attributes of each function', 'f(){ :; }; g(){ :; }; export -f f; readonly -f g; declare -pF f g; declare -F f; echo "st=$?"', 'declare -fx f\ndeclare -fr g\nf\nst=0\n');
  t('declare -p with -f or -F reports a missing function', 'declare -pF nosuch 2>&1 | sed \'s/^.*line 1: //\'; declare -pf nosuch 2>/dev/null; echo "st=$?"; declare -F nosuch; echo "st=$?"', 'declare: nosuch: not found\nst=1\nst=1\n');
  t('export -p with names exports them instead of listing', 'y=2; export -p y z=3; echo "st=$?"; env | grep -E \'^[yz]=\' | sort', 'st=0\ny=2\nz=3\n');
  t('readonly -p with names marks them readonly', 'readonly -p q=1 w; echo "st=$?"; declare -p q w; (q=2) 2>/dev/null || echo refused', 'st=0\ndeclare -r q="1"\ndeclare -r w\nrefused\n');
  t('set and declare list an empty value as a bare equals sign', 'x=; y=\'\'; set | grep -E \'^[xy]=\'; declare | grep -E \'^[xy]=\'; a=(\'\'); set | grep \'^a=\'', 'x=\ny=\nx=\ny=\na=([0]="")\n');
  t('set and declare leave functions out in posix mode', 'f(){ :; }; set | grep -c \'^f ()\'; set -o posix; set | grep -c \'^f ()\'; declare | grep -c \'^f ()\'', '1\n0\n0\n', 1);
}

{
  const t = section('builtins');
  t('getopts pulls an OPTIND past the end back to one past the last argument', 'set -- -a -b c; OPTIND=7; getopts ab o; echo "$? $OPTIND [$o]"; set --; OPTIND=3; getopts a o; echo "$? $OPTIND"', '1 4 [?]\n1 1\n');
}

{
  const t = section('command-lookup');
  t('type -a lists the builtin behind an alias or function of the same name', 'alias echo=\'echo x\'; type -a echo | head -1; echo(){ :; }; type -f echo; type -tf echo; unalias echo; type -at echo | head -2', 'echo is a shell builtin\necho is a shell builtin\nbuiltin\nfunction\nbuiltin\n');
  t('type and command -v report a non-executable file found in PATH', 'mkdir bin; printf \'echo hi\\n\' > bin/myc; PATH=$PWD/bin:$PATH; type -t myc; type -P myc | sed "s#$PWD#P#"; command -v myc | sed "s#$PWD#P#"; type -a myc 2>/dev/null; echo "st=$?"; myc 2>/dev/null; echo "st=$?"; type -t ./bin/myc; echo "st=$?"', 'file\nP/bin/myc\nP/bin/myc\nst=1\nst=126\nst=1\n');
}

{
  const t = section('declare-misc');
  t('set -a exports scalar assignments but not arrays', 'set -a; a=(1 2); b[1]=x; e=1; e+=(2); read -ra r <<< "x y"; s=1; declare -p a b e r s', 'declare -a a=([0]="1" [1]="2")\ndeclare -a b=([1]="x")\ndeclare -ax e=([0]="1" [1]="2")\ndeclare -a r=([0]="x" [1]="y")\ndeclare -x s="1"\n');
  t('set -a exports a new name declare creates without a value', 'x=1; set -a; declare x q; declare -i n; declare -a arr; f(){ local l; declare -p l; }; f; declare -p x q n arr', 'declare -- l\ndeclare -- x="1"\ndeclare -x q\ndeclare -ix n\ndeclare -a arr\n');
}

{
  const t = section('builtins');
  t('an invalid option names the first bad letter, status 2', 'for c in "declare -z" "typeset -z" "export -z" "readonly -z" "unset -fz" "shopt -z" "type -z" "command -z" "exec -z" "builtin -z" "set -Z" "getopts -z" "trap -zq" "source -z"; do $c 2>&1 | head -1 | sed \'s/^.*line 1: //\'; echo "st=${PIPESTATUS[0]}"; done', 'declare: -z: invalid option\nst=2\ntypeset: -z: invalid option\nst=2\nexport: -z: invalid option\nst=2\nreadonly: -z: invalid option\nst=2\nunset: -z: invalid option\nst=2\nshopt: -z: invalid option\nst=2\ntype: -z: invalid option\nst=2\ncommand: -z: invalid option\nst=2\nexec: -z: invalid option\nst=2\nbuiltin: -z: invalid option\nst=2\nset: -Z: invalid option\nst=2\ngetopts: -z: invalid option\nst=2\ntrap: -z: invalid option\nst=2\nsource: -z: invalid option\nst=2\n');
  t('local with a bad option is status 2', 'f(){ local -z 2>&1 | head -1 | sed \'s/^.*line 1: //\'; echo "st=${PIPESTATUS[0]}"; }; f', 'local: -z: invalid option\nst=2\n');
  t('getopts without arguments prints its usage', 'getopts 2>&1; echo "st=$?"', 'getopts: usage: getopts optstring name [arg ...]\nst=2\n');
  t('hash -d and -t need a name and -p alone lists the table', 'hash -d 2>&1 | sed \'s/^.*line 1: //\'; hash -t 2>/dev/null; echo "st=$?"; hash -p /bin/ls; echo "st=$?"; hash -p 2>/dev/null; echo "st=$?"', 'hash: -d: option requires an argument\nst=1\nhash: hash table empty\nst=0\nst=2\n');
  t('caller checks its argument only inside a function', 'caller x; echo "st=$?"; f(){ caller x 2>&1 | head -1 | sed \'s/^.*line 1: //\'; caller 0x1 2>/dev/null; echo "st=$?"; caller -1 2>&1 | sed -n 1p | sed \'s/^.*line 1: //\'; caller 08; echo "st=$?"; }; f', 'st=1\ncaller: x: invalid number\nst=2\ncaller: -1: invalid option\nst=1\n');
  t('return outside a function reads its argument first', 'return abc 2>&1 | sed \'s/^.*line 1: //\'; return 1 2 2>/dev/null; echo "not reached"', 'return: abc: numeric argument required\nreturn: can only `return\' from a function or sourced script\n', 1);
}

{
  const t = section('set-shopt');
  t('set -o followed by an option word lists and goes on', 'set -o -B +B | grep -c \'\t\'; set -o +B >/dev/null; echo "$-"; set -o -- a b | grep -c \'\t\'; set +o -- x >/dev/null; echo "$# $1"', '27\nhc\n27\n1 x\n');
  t('set -o in the middle of options lists the state so far', 'set +B -o pipefail -o | grep -E \'^(braceexpand|pipefail)\'', 'braceexpand    \toff\npipefail       \ton\n');
}

{
  const t = section('assignments');
  t('posix mode keeps assignments before special builtins', 'set -o posix; V=a; V=foo :; echo "$V"; W=1 eval \'echo "in $W"\'; echo "$W"; X=2 true; echo "[${X-unset}]"; f(){ :; }; Y=3 f; echo "[${Y-unset}]"; declare -p V | cut -c1-10', 'foo\nin 1\n1\n[unset]\n[unset]\ndeclare -x\n');
  t('posix mode keeps an assignment before source', 'set -o posix; printf \'echo "in $S"\\n\' > s.sh; S=1 . ./s.sh; echo "$S"; T=2 shift 0; echo "$T"', 'in 1\n1\n2\n');
  t('a prefix assignment to a builtin is not in its variable listings', 'V=1 set | grep -c \'^V=\'; V=1 declare | grep -c \'^V=\'; V=1 export -p | grep -c \' V=\'; V=1 declare -p V', '0\n0\n0\ndeclare -x V="1"\n', 0);
  t('eval, source and functions list their prefix assignments', 'printf \'set | grep "^V="\\n\' > s.sh; V=1 eval \'set | grep "^V="\'; V=2 . ./s.sh; f(){ declare -p | grep "^declare -x V="; }; V=3 f', 'V=1\nV=2\ndeclare -x V="3"\n');
}

{
  const t = section('declare-misc');
  t('set quotes a value only for shell metacharacters', 'for v in a~ a# \'^\' é a=~x \'#x\' \'~x\' a:b,c%d@e+f \'a]\' x:~; do x=$v; set | grep \'^x=\'; done', 'x=a~\nx=a#\nx=\'^\'\nx=é\nx=\'a=~x\'\nx=\'#x\'\nx=\'~x\'\nx=a:b,c%d@e+f\nx=\'a]\'\nx=\'x:~\'\n');
  t('a nameref is checked before its name is created', 'declare -n q=v w=1; echo "st=$?"; declare -p w 2>/dev/null || echo "no w"; declare -n z= 2>/dev/null; echo "st=$?"; declare -p z 2>/dev/null || echo "no z"; declare -in r=v; echo "st=$?"; declare -p r 2>/dev/null || echo "no r"', 'st=1\nno w\nst=1\nno z\nst=1\nno r\n');
  t('an array cannot become a nameref', 'declare -a arr=(1); declare -n arr=x 2>&1 | sed \'s/^.*line 1: //\'; declare -A as; declare -n as 2>/dev/null; echo "st=$?"; declare -p arr as', 'declare: arr: reference variable cannot be an array\nst=1\ndeclare -a arr=([0]="1")\ndeclare -A as\n');
}

{
  const t = section('control');
  t('a for loop over a nameref stops at an invalid name', 'declare -n q=v; x=X; for q in x \'bad n\' y; do echo "<$q>"; done 2>/dev/null; echo "st=$?"; declare -p q', '<X>\nst=1\ndeclare -n q="x"\n');
}

{
  const t = section('status');
  const files = {
    'ro.sh': 'readonly r=1\nr=2\necho "after $?"\n',
    'pre.sh': 'readonly r=1\nr=2 echo hi\necho "st=$?"\nr=2 :\necho "not reached"\n',
    'usage.sh': 'unset -x 2>/dev/null\necho "not reached"\n',
    'redir.sh': ': > /nonexistent/dir/file\necho "not reached"\n',
  };
  t('a readonly assignment drops only its line in a script', '. ./ro.sh 2>/dev/null; echo "end $?"', 'after 1\nend 0\n', 0, { files });
  t('a readonly assignment ends the shell under set -e', 'set -e; . ./ro.sh 2>/dev/null; echo "end $?"', '', 1, { files });
  t('a readonly assignment ends a posix-mode shell', 'set -o posix; . ./ro.sh 2>/dev/null; echo "end $?"', '', 127, { files });
  t('posix mode: a readonly prefix assignment fails the command', 'set -o posix; . ./pre.sh 2>/dev/null', 'st=1\n', 127, { files });
  t('posix mode: a special builtin usage error ends the shell', 'set -o posix; . ./usage.sh', '', 2, { files });
  t('posix mode: a special builtin redirection error ends the shell', 'set -o posix; . ./redir.sh 2>/dev/null', '', 1, { files });
  t('without posix mode those errors go on', '. ./usage.sh; . ./redir.sh 2>/dev/null; . ./pre.sh 2>/dev/null', 'not reached\nnot reached\nhi\nst=0\nnot reached\n', 0, { files });
}

{
  const t = section('command-lookup');
  t('type -ap of a builtin prints nothing and succeeds', 'type -ap cd; echo "st=$?"; type -p if; echo "st=$?"; type -ap nosuch; echo "st=$?"', 'st=0\nst=0\nst=1\n');
  t('hash -l quotes paths and names with metacharacters', 'hash -p \'/bin/l s\' \'x y\'; hash -p /bin/ls \'a*\'; hash -l', 'builtin hash -p /bin/ls \'a*\'\nbuiltin hash -p \'/bin/l s\' \'x y\'\n');
}

{
  const t = section('arith');
  t('a bad constant names the expression up to it', 'for e in \'x=08\' \' 1 + 08 \' \'08 + 1\' \'3 + 2#3\' \'07 + 09 + 1\'; do (let "$e") 2>&1 | sed \'s/^.*line 1: //\'; done', 'let: x=08: value too great for base (error token is "08")\nlet: 1 + 08: value too great for base (error token is "08")\nlet: 08: value too great for base (error token is "08")\nlet: 3 + 2#3: value too great for base (error token is "2#3")\nlet: 07 + 09: value too great for base (error token is "09")\n');
}

{
  const t = section('status');
  t('exit takes any 64-bit number', '(exit 9223372036854775807); echo $?; (exit -9223372036854775808); echo $?; (exit 9223372036854775808) 2>/dev/null; echo $?; f(){ return 99999999999; }; f; echo $?', '255\n0\n2\n255\n');
  t('a script whose interpreter is missing cannot execute', 'printf \'#!/nonexistent/sh\\n\' > s; chmod +x s; ./s 2>&1 | sed \'s/^.*line 1: //\'; ./s 2>/dev/null; echo "st=$?"', './s: cannot execute: required file not found\nst=127\n');
}

{
  const t = section('arrays');
  t('a quoted NAME=(...) word declares an array when -a or -A is given', 'n=foo; declare -a "$n=(a b c)"; declare -p foo; declare "bar=(x y)"; declare -p bar; declare -A "${n}2=([k]=v [j]=\\$n)"; declare -p foo2; f(){ local -a "$1=(1 \\"2 3\\")"; declare -p "$1"; }; f loc', 'declare -a foo=([0]="a" [1]="b" [2]="c")\ndeclare -- bar="(x y)"\ndeclare -A foo2=([k]="v" [j]="foo" )\ndeclare -a loc=([0]="1" [1]="2 3")\n');
}

{
  const t = section('builtins');
  t('exec runs programs only, not builtins', '(exec cd 2>/dev/null); echo "st=$?"; (exec : 2>&1 | sed \'s/^.*line 1: //\'); (exec echo via-file); echo end', 'st=127\nexec: :: not found\nvia-file\nend\n');
  t('execfail keeps the shell after exec of a non-executable file', 'shopt -s execfail; exec /etc/passwd 2>/dev/null; echo "st=$?"; exec ./nosuch 2>/dev/null; echo "st=$?"', 'st=126\nst=127\n');
}

{
  const t = section('builtins');
  t('unset -n leaves a variable that is no nameref alone', 'x=1; unset -n x; echo "[${x-unset}]"; a=(1 2); unset -n \'a[1]\'; echo "${#a[@]}"; declare -n r=x; unset -n r; echo "[$x]"; declare -p r 2>/dev/null || echo "r gone"', '[1]\n2\n[1]\nr gone\n');
  t('command -v and -V: the last one given counts', 'command -vV echo; command -Vv echo; command -vVv echo', 'echo is a shell builtin\necho\necho\n');
}

{
  const t = section('declare-misc');
  t('two of -u -l -c in one declare cancel out', 'declare -cu a=hi; declare -cl b=HI; declare -cul c=hI; declare -p a b c; declare -u d=x; declare -c d; d=hELLO; declare -p d', 'declare -- a="hi"\ndeclare -- b="HI"\ndeclare -- c="hI"\ndeclare -c d="Hello"\n');
  t('declare -F under extdebug gives the line and file of each function', 'printf \'f(){ :; }\\n\\ng(){\\n:\\n}\\n\' > l.sh; . ./l.sh; h(){ :; }; shopt -s extdebug; declare -F f g h; shopt -u extdebug; declare -F f', 'f 1 ./l.sh\ng 3 ./l.sh\nh 1 environment\nf\n');
}

{
  const t = section('builtins');
  t('a program sees its own path in the _ of its environment', 'export FOO=bar; env | grep FOO; (env | grep \'^_=\' | sed \'s#=.*/#=#\'); x=$(env | grep -c \'^_=FOO\'); echo "$x"', 'FOO=bar\n_=env\n0\n');
  t('readonly and export report a readonly variable as an assignment does', 'readonly x=1; for c in "readonly x=2" "export x=3" "declare x=4"; do $c 2>&1 | sed \'s/^.*line 1: //\'; done', 'x: readonly variable\nx: readonly variable\ndeclare: x: readonly variable\n');
  t('an array value for a readonly name drops the rest of the line', 'printf \'readonly x=1\\ndeclare -a x=(1); echo same\\necho "next $?"\\ndeclare x=(2) 2>/dev/null; echo same\\n\' > r.sh; . ./r.sh 2>/dev/null; echo end', 'next 1\nend\n');
  t('export -n creates nothing and export -pn lists', 'export -n nosuch; echo "st=$?"; declare -p nosuch 2>/dev/null || echo "no nosuch"; export Q=1; export -pn | grep -c \'^declare -x Q=\'', 'st=0\nno nosuch\n1\n');
  t('readonly -a and export -A of a new name without a value make no array', 'readonly -a a; export -A b; readonly -a c=(); export -a d=(1); declare -p a b c d', 'declare -r a\ndeclare -x b\ndeclare -ar c=()\ndeclare -ax d=([0]="1")\n');
}

{
  const t = section('syntax-errors');
  t('posix mode: a syntax error in eval or a sourced file ends the shell', 'printf \'if\\n\' > bad.sh; (. ./bad.sh 2>/dev/null; echo "source goes on $?"); (set -o posix; . ./bad.sh 2>/dev/null; echo no); echo "st=$?"; (set -o posix; eval \'if\' 2>/dev/null; echo no); echo "st=$?"', 'source goes on 2\nst=2\nst=2\n');
}

{
  const t = section('builtins');
  t('exec lowers SHLVL for the program', 'SHLVL=5; (exec env | grep \'^SHLVL=\'); env | grep \'^SHLVL=\'', 'SHLVL=4\nSHLVL=5\n');
}

{
  const t = section('functions');
  t('declare -f prints fd duplications and closes in the reference form', 'f(){ echo hi >&out.txt; echo <&file; echo >&$x; echo <&-; echo 4<&-; echo <&3; echo 5<&3-; echo >&-; echo 2>&1; echo >&1x; }; declare -f f', 'f () \n{ \n    echo hi >&out.txt;\n    echo <&file;\n    echo >&$x;\n    echo 0>&-;\n    echo 4>&-;\n    echo 0<&3;\n    echo 5<&3-;\n    echo 1>&-;\n    echo 2>&1;\n    echo >&1x\n}\n');
}

{
  const t = section('functions');
  t('a local nameref to its own name stands for the variable outside', 'f(){ local -n ref=$1; echo "st=$?"; ref=changed; echo "in [$ref]"; }; f ref 2>/dev/null; echo "[$ref]"; ref=pre; f ref 2>/dev/null; echo "[$ref]"; declare -n x=x 2>/dev/null; echo "st=$?"', 'st=0\nin [changed]\n[changed]\nst=0\nin [changed]\n[changed]\nst=1\n');
}
