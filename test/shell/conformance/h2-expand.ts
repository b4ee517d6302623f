// Conformance cases (expectations recorded by running bash 5.2): words and expansions in combination: brace groups on the word's text, namerefs, arithmetic subscripts, IFS-joined star defaults, regex status, quoting of unprintable characters.
import { section } from '../conformance-table.js';

{
  const t = section('brace');
  t('an unmatched open brace is skipped and the next group expands', 'echo {{a,b} x{{a,b}y {a,b{c,d} {{{1..2}', '{a {b x{ay x{by {a,bc {a,bd {{1 {{2\n');
  t('a sequence group whose only comma is nested loses its braces', 'echo {1..2{a,b}} {a{b,c}} {1..2{3..4}}x', '1..2a 1..2b {ab} {ac} {1..2{3..4}}x\n');
  t('a variable name grows with the text a brace expansion puts after it', 'x=a; xc=Q; x1=one; echo {$x,b}c $x{1,2} ${x}{1,2} "$x"{1,2}; set -- p; echo $1{0,1}', 'Q bc one a1 a2 a1 a2\np0 p1\n');
}

{
  const t = section('declare-misc');
  t('declare -n on an existing nameref points it at a new name', 'for n in a b; do declare -n p=$n; p=$n$n; done; echo $a $b; declare -p p', 'aa bb\ndeclare -n p="b"\n');
  t('declare +n on a nameref makes it a plain variable holding the name', 'a=1; declare -n p=a; declare +n p; declare -p p a', 'declare -- p="a"\ndeclare -- a="1"\n');
}

{
  const t = section('arith');
  t('an unbound variable in let under set -u ends the script', 'set -u; let x=1 y=u+1; echo after', '', 127);
  t('an unbound variable assigned to an integer variable under set -u ends the script', 'set -u; declare -i i; i=nope+1; echo after', '', 127);
  t('an unbound variable in let inside a command substitution ends only the subshell', 'set -u; x=$(let u; echo in); echo "st $? [$x]"', 'st 1 []\n');
  t('the subscript of an incremented element is evaluated once', 'a=(1 2 3); i=1; (( a[i++]++ )); echo ${a[@]} $i; i=0; (( a[i++] += 10 )); echo ${a[@]} $i; i=2; echo $(( --a[--i] )) ${a[@]} $i', '1 3 3 2\n11 3 3 1\n2 11 2 3 1\n');
  t('the subscript of an assoc element in a compound assignment is expanded once', 'declare -A m; n=0; (( m[k$((n++))] += 5 )); echo ${!m[@]} ${m[k0]} $n', 'k0 5 1\n');
}

{
  const t = section('quoting');
  t('unprintable code points are quoted as octal bytes', 'x=$\'a\\u2028b\\u0378\'; echo "${x@Q}"; declare -p x; printf \'%q\\n\' "$x"; y=$\'\\u00a0\\u200e\'; echo "${y@Q}" | od -An -c', '$\'a\\342\\200\\250b\\315\\270\'\ndeclare -- x=$\'a\\342\\200\\250b\\315\\270\'\n$\'a\\342\\200\\250b\\315\\270\'\n   \' 302 240 342 200 216   \'  \\n\n');
}

{
  const t = section('param-ops');
  t('a star default tests the elements joined with the first IFS character', 'a=(\'\' \'\'); echo "[${a[*]:-y}]" "[${a[@]:-x}]"; IFS=; echo "[${a[*]:-y}]" "[${a[@]:-x}]" "[${a[*]:+q}]" "[${a[@]:+p}]"; echo [${a[*]:-y}]', '[ ] [ ]\n[y] [ ] [] [p]\n[ ]\n');
  t('positional star defaults with an empty IFS in assignments and patterns', 'set -- \'\' \'\'; IFS=; x=${*:-z}; echo "[$x]"; case ${*:-c} in c) echo C;; esac; [[ ${*:-c} == c ]] && echo D', '[z]\nC\nD\n');
}

{
  const t = section('heredoc');
  t('dollar star in a here-document joins with spaces but an array star joins with IFS', 'IFS=:; set -- a b; a=(1 2); cat <<E\n$* ${*} "$*" ${*:-x} $@ ${a[*]} "${a[*]}"\nE', 'a b a b "a b" a b a b 1:2 "1:2"\n');
}

{
  const t = section('regex');
  t('a regex that does not compile is status 2 with no message', '[[ a =~ [[:alpha:] ]] 2>&1; echo $?; [[ a =~ a{2,1} ]] 2>&1; echo $?; [[ a =~ * ]] 2>&1; echo $?', '2\n2\n2\n');
  t('a match sets the global BASH_REMATCH even under a local one', 'f() { local BASH_REMATCH=(q); [[ ab =~ (b) ]]; echo "in ${BASH_REMATCH[@]}"; }; f; echo "out ${BASH_REMATCH[@]}"', 'in q\nout b b\n');
}

{
  const t = section('arrays');
  t('unset of the at or star element of an assoc array removes that key only', 'declare -A m=([a]=1 [@]=2 [*]=3); unset \'m[@]\'; declare -p m; unset \'m[*]\'; declare -p m; a=(1 2); unset \'a[*]\'; declare -p a', 'declare -A m=(["*"]="3" [a]="1" )\ndeclare -A m=([a]="1" )\ndeclare -a a=()\n');
}
{
  const t = section('param-ops');
  t('trimming and replacing step over whole astral characters', 'shopt -s extglob; x=a😀b😀; echo ${x/😀/X} ${x#a?} ${x%?b*} ${x%%?} ${x/#a?/Z} ${x/%?/Z} ${x//@(b|?)/-} ${x//?/.} ${x//+(😀)/Q}', 'aXb😀 b😀 a a😀b Zb😀 a😀bZ ---- .... aQbQ\n');
  t('an indirect assign default sets the variable named by the value', 'x=y; echo ${!x=set} $y; unset y; : ${!x:=val}; echo $y; : ${!x:=other}; echo $y; declare -n r=t; x=r; echo ${!x=v} $t', 'set set\nval\nval\nv v\n');
  t('an indirect assign default to an element or a positional is an invalid name', 'x=\'a[1]\'; (echo ${!x=q}) 2>&1 | sed \'s/^.*line 1: //\'; x=1; (echo ${!x=q}) 2>&1 | sed \'s/^.*line 1: //\'; echo end', 'a[1]: invalid variable name\n1: invalid variable name\nend\n');
}

{
  const t = section('arith');
  t('an arithmetic error in a declare value is the builtin\'s message and ends the line', 'declare -i n=08 2>&1 | sed \'s/^.*line 1: //\'; declare -i m; (declare m=08; echo "not reached") 2>&1 | sed \'s/^.*line 1: //\'; echo "st ${PIPESTATUS[0]}"', 'declare: 08: value too great for base (error token is "08")\ndeclare: 08: value too great for base (error token is "08")\nst 1\n');
  t('an arithmetic error in a local integer value is reported by local', 'f() { local -i a=1/0 2>&1; echo in; }; f; echo after $?', 'environment: line 1: local: 1/0: division by 0 (error token is "0")\n', 1);
}

{
  const t = section('test');
  t('leftover words after a complete test expression', 't() { [ "$@" ] 2>&1 | sed \'s/^.*line 1: //\'; }; t a = b = c; t 1 -eq 1 -eq 1; t -n -n -n -n; t a -a b \')\'; t \'(\' a = b \')\' c', '[: too many arguments\n[: syntax error: `-eq\' unexpected\n[: syntax error: `-n\' unexpected\n[: too many arguments\n[: too many arguments\n');
  t('a missing close paren names what it found', '[ \\( a = b ] 2>&1 | sed \'s/^.*line 1: //\'; test \\( a = b c 2>&1 | sed \'s/^.*line 1: //\'; test \\( a = b 2>&1 | sed \'s/^.*line 1: //\'', '[: `)\' expected, found ]\ntest: `)\' expected, found c\ntest: `)\' expected\n');
}
{
  const t = section('quoting');
  t('inner double quotes in a double-quoted default word let a backslash escape anything', 'x=1; echo "${u:-"\\p"x"\\q"}" "${x:+"\\\'"}" "${x:+\\\'}" "${u:-a"\\}"b}" "${u:-"\\$HOME"}" "${u:="\\r"}" "$u"; echo "${x/1/"\\p"}" ${u2:-"\\p"}', 'pxq \' \\\' a}b $HOME r r\n\\p \\p\n');
}

{
  const t = section('heredoc');
  t('inner double quotes in a here-document default word escape anything', 'cat <<E\n${u:-"\\p"} ${u:-\\p} ${u:-"a\\$"} ${u:-\'\\q\'}\nE', 'p \\p a$ \'\\q\'\n');
}

{
  const t = section('set-shopt');
  t('set -u reports an unset positional parameter under any operator', 'set -u; for e in \'${1#x}\' \'${1:0:1}\' \'${1/a/b}\' \'${1^}\' \'${#1}\' \'${1@Q}\'; do (eval "echo $e"; echo after) 2>&1 | sed \'s/^.*line 1: //\'; done; echo "${#?}${2-d}"', '1: unbound variable\n1: unbound variable\n1: unbound variable\n1: unbound variable\n1: unbound variable\n1: unbound variable\n1d\n');
  t('set -u names a braced positional parameter without the dollar sign', 'set -u; (echo $1) 2>&1 | sed \'s/^.*line 1: //\'; (echo ${1}) 2>&1 | sed \'s/^.*line 1: //\'; (echo ${!}) 2>&1 | sed \'s/^.*line 1: //\'; (echo $!) 2>&1 | sed \'s/^.*line 1: //\'; echo ${#!}', '$1: unbound variable\n1: unbound variable\n!: unbound variable\n$!: unbound variable\n0\n');
}

{
  const t = section('param-ops');
  t('a negative substring length is reported as written', 'x=abc; n=-5; for e in \'${x:0:n}\' \'${x:0:$((-5))}\' \'${x: 1: -7}\'; do (eval "echo $e") 2>&1 | sed \'s/^.*line 1: //\'; done', 'n: substring expression < 0\n$((-5)): substring expression < 0\n -7: substring expression < 0\n');
  t('an error evaluating a substring offset names the parameter', 'x=abc; a=(1 2); set -- p; for e in \'${x:1/0}\' \'${a[1]:%}\' \'${@:%}\' \'${x:$((1/0))}\'; do (eval "echo $e") 2>&1 | sed \'s/^.*line 1: //\'; done', 'x: 1/0: division by 0 (error token is "0")\na[1]: %: syntax error: operand expected (error token is "%")\n@: %: syntax error: operand expected (error token is "%")\n1/0: division by 0 (error token is "0")\n');
}

{
  const t = section('arith');
  t('a character that starts no token where an operand is expected', 'for e in \'@\' \'1 + @\' \'.5\' \'~ @\' \'x= @\' \'(@)\' \'1 ? @ : 2\' \'1 @ 2\' \'1 }\'; do (eval "echo \\$(( $e ))") 2>&1 | sed \'s/^.*line 1: //\'; done', '@ : syntax error: operand expected (error token is "@ ")\n1 + @ : syntax error: operand expected (error token is "@ ")\n.5 : syntax error: operand expected (error token is ".5 ")\n~ @ : syntax error: operand expected (error token is "@ ")\nx= @ : syntax error: operand expected (error token is "@ ")\n(@) : syntax error: operand expected (error token is "@) ")\n1 ? @ : 2 : syntax error: operand expected (error token is "@ : 2 ")\n1 @ 2 : syntax error: invalid arithmetic operator (error token is "@ 2 ")\n1 } : syntax error: invalid arithmetic operator (error token is "} ")\n');
}
{
  const t = section('quoting');
  t('escaped bytes that form UTF-8 are one character', 'x=$\'\\xc3\\xa9\'; echo ${#x} ${x^^}; x=$\'a\\xe2\\x82\\xacb\'; echo ${#x} ${x:1:1}; x=$\'\\xff\\xfe\'; echo ${#x}; printf -v y \'\\xc3\\xa9%s\' b; echo ${#y} $y; printf -v z \'%b\' \'\\303\\251\'; echo ${#z}', '1 É\n3 €\n2\n2 éb\n1\n');
}
{
  const t = section('arrays');
  t('the length of an element out of range from the end ends the line', 'a=(1 2 3); echo ${#a[-1]} ${#a[-3]}; (echo ${#a[-4]}; echo not reached) 2>&1 | sed \'s/^.*line 1: //\'; i=-9; (echo ${#a[i]}) 2>&1 | sed \'s/^.*line 1: //\'; unset b; echo ${#b[-1]}; (x=abc; echo ${#x[-1]}) 2>&1 | sed \'s/^.*line 1: //\'', '1 1\n-4]: bad array subscript\ni]: bad array subscript\n0\n-1]: bad array subscript\n');
  t('an empty subscript in an expansion is a bad substitution', 'a=(1 2 3); (echo ${a[]}; echo not reached) 2>&1 | sed \'s/^.*line 1: //\'; declare -A m; (echo "${m[]}") 2>&1 | sed \'s/^.*line 1: //\'; echo end', '${a[]}: bad substitution\n${m[]}: bad substitution\nend\n');
}
{
  const t = section('extglob');
  t('under nocasematch upper and lower classes keep their case while letters and ranges fold', 'shopt -s nocasematch; for p in \'A [[:upper:]]\' \'a [[:upper:]]\' \'A [[:lower:]]\' \'A [a-c]\' \'a [A-C]\' \'A [^a]\' \'Ab a[[:lower:]]\' \'xB X[[:upper:]b]\'; do set -- $p; [[ $1 == $2 ]]; printf \'%s \' $?; done; echo; x=AbC; echo ${x/[[:upper:]]/_} ${x//[[:lower:]]/_}; case XyZ in x[[:lower:]]z) echo m;; esac', '0 1 1 0 0 1 0 0 \n_bC A_C\nm\n');
}

{
  const t = section('glob');
  t('nocaseglob with upper and lower classes', 'touch A b C d; shopt -s nocaseglob; echo [[:lower:]]; echo [[:upper:]]; echo [![:upper:]]; echo [a-c]', 'b d\nA C\nb d\nA C b\n');
}
{
  const t = section('declare-misc');
  t('a declaration argument is brace-expanded as a word', 'HOME=/h; declare a={x,y}; declare -p a; export e={p,q}; echo $e; f() { local l={1,2}; echo $l; }; f; declare b=~/{x,y} c=x:~/{p,q} d=~{,}; echo $b $c $d; declare g[1]={p,q}; declare -p g; declare s="{q,r}" t=\\{s,t}; echo $s $t', 'declare -- a="y"\nq\n2\n~/y x:~/q ~\ndeclare -a g=([1]="q")\n{q,r} {s,t}\n');
  t('a brace-expanded declaration argument is split like a word', 'v=\'1 2\'; declare a={x,$v} 2>&1 | sed \'s/^.*line 1: //\'; declare b={x,$v} 2>/dev/null; echo "$b"', 'declare: `2\': not a valid identifier\n1\n');
}
{
  const t = section('declare-misc');
  t('a nameref shows its target in an assignment transformation', 'x=1; declare -n r=x; echo ${r@A}; declare -i y=2; declare -n q=y; echo ${q@A}; a=(1 2); declare -n s=a; echo ${s[@]@A}; echo ${s[1]@A}; declare -n e=\'a[1]\'; echo "[${e@A}]"', 'x=\'1\'\ndeclare -i y=\'2\'\ndeclare -a a=([0]="1" [1]="2")\ndeclare -a a=\'2\'\n[]\n');
  t('a nameref to all the elements of an array expands them', 'a=(\'x y\' z); declare -n r=\'a[@]\'; echo $r; printf \'<%s>\' "$r"; echo; echo ${#r}; declare -n s=\'a[*]\'; IFS=-; echo "$s"', 'x y z\n<x y><z>\n0\nx y-z\n');
}
{
  const t = section('redirects');
  t('an expansion error in a program\'s redirection fails only that command', 'cat > $((1/0)) </dev/null; echo "after $?"; cat < ${u?nope}; echo "after $?"; shopt -s failglob; ls > nomatch*; echo "after $?"; nonexistcmd > nomatch*; echo "after $?"; echo hi > nomatch*; echo never', 'after 1\nafter 127\nafter 1\nafter 1\n', 1);
}
