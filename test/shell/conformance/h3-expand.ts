// Conformance cases (expectations recorded by running bash 5.2): parameter expansion in less
// common combinations: unknown transformations, prompt escapes, discarded command lines in
// subshells and eval, background commands that never start anything.
import { section } from '../conformance-table.js';

{
  const t = section('param-transform');
  t('an unknown transformation of an unset or empty-list value expands to nothing', 'echo "[${u@Z}]" "[${u@QQ}]" "[${u@}]"; a=(); echo "[${a[@]@Z}]"; set --; echo "[${@@Z}]"; echo next', '[] [] []\n[]\n[]\nnext\n');
  t('an unknown transformation of a set value ends the shell', 'x=abc; echo before; echo ${x@Z}; echo after', 'before\n', 127);
  t('an unknown transformation ends only the subshell it is in', 'x=; y=$(echo "${x@QQ}"; echo in); echo "[$y] $?"; (echo ${x@}); echo sub $?', '[] 1\nsub 1\n');
  t('indirection through a nameref without a target is invalid', 'declare -n r; echo "[${!r}]"; echo after', '', 1);
  t('an unknown transformation through indirection judges the target', 'x=y; echo "[${!x@Z}]"; y=1; (echo "${!x@Z}"); echo $?', '[]\n1\n');
  t('prompt strftime escapes with fixed formats', 'x=\'a\\D{%%}b\\D{x%ny}c\\Dz\'; echo "${x@P}"; y=\'\\D{}\'; z=${y@P}; [[ $z =~ ^[0-9]{2}:[0-9]{2}:[0-9]{2}$ ]] && echo time', 'a%bx\nyc\\Dz\ntime\n');
  t('prompt text goes through double-quote backslash removal after its escapes', 'for x in \'\\\\\' \'\\\\\\\\\' \'a\\\\b\' \'\\\\$HOME\' \'\\\\"\' \'a"b\' "a\'b"; do echo "[${x@P}]"; done', '[\\]\n[\\]\n[a\\b]\n[$HOME]\n["]\n[a"b]\n[a\'b]\n');
  t('a prompt octal escape needs three digits except at the end', 'x=\'\\101\\60\'; echo "${x@P}"; x=\'\\0a\\6\\06\\66\'; echo "${x@P}"; x=\'a\\0\'; echo "[${x@P}]"', 'A0\n\\0a\\6\\066\n[a]\n');
  t('an expansion error in prompt text leaves the text and $? alone', 'x=\'$(( 1 + ))x\'; echo "[${x@P}] $?"; x=\'${u:?oops}\'; echo "[${x@P}]"; x=\'$(echo a; exit 3)b\'; y=${x@P}; echo "$? $y"; echo after', '[$(( 1 + ))x] 0\n[${u:?oops}]\n0 ab\nafter\n');
  t('a directory name in prompt text is not expanded again', 'mkdir \'d$HOME\' \'g`x`\'; cd \'d$HOME\'; x=\'\\W\'; echo "${x@P}"; cd \'../g`x`\'; echo "${x@P}"', 'd$HOME\ng`x`\n');
  t('the prompt command number is 0 in a -c string', 'x=\'\\#\'; echo "${x@P}"\necho "${x@P}" $(echo "${x@P}")', '0\n0 0\n');
  t('an unclosed prompt strftime escape takes the rest as its format', 'x=\'<\\D{%%%%\'; echo "${x@P}"', '<%%\n');
}

{
  const t = section('jobs');
  t('a background command that is not found is a job whose status wait reports', 'nosuch_cmd_x 2>/dev/null & p=$!; [[ -n $p ]] && echo pid; wait $p; echo $?', 'pid\n127\n');
  t('a background assignment or expansion error still sets the last job', 'true & a=$!; x=1 & b=$!; [[ $a != "$b" ]] && echo new; wait $b; echo $?; echo ${u:?} 2>/dev/null & wait $!; echo $?; readonly r; r=2 2>/dev/null & wait $!; echo $?', 'new\n0\n127\n1\n');
}

{
  const t = section('eval-source');
  t('a discarded line inside eval ends the whole subshell', '(eval \'echo ${x!}; echo in2\'; echo in) 2>/dev/null; echo st $?; x=$(eval \'echo ${x!}\'; echo in); echo "st $? [$x]"; { eval \'echo ${x!}\'; echo in; } 2>/dev/null | cat; echo st $PIPESTATUS', 'st 1\nst 1 []\nst 1\n');
  t('a discarded line inside eval at the top level ends only the eval', 'eval \'echo ${x!}; echo in\' 2>/dev/null; echo st $?; f() { eval \'echo ${x!}\'; echo inf; }; f 2>/dev/null; echo st $?', 'st 1\ninf\nst 0\n');
  t('a discarded line in a sourced file ends a subshell', 'printf \'echo ${x!}\\necho f2\\n\' > s.sh; (. ./s.sh; echo in) 2>/dev/null; echo st $?; . ./s.sh 2>/dev/null; echo st $?', 'st 1\nf2\nst 0\n');
}

{
  const t = section('param-ops');
  t('assigning a default to a readonly variable: status 2 in a subshell, 1 elsewhere', 'readonly r=; (: ${r:=v}) 2>/dev/null; echo $?; { : ${r:=v}; } 2>/dev/null | cat; echo $PIPESTATUS; x=$(: ${r:=v}) 2>/dev/null; echo $?; echo ${r:=v} 2>/dev/null | cat; echo $PIPESTATUS; (eval \': ${r:=v}\') 2>/dev/null; echo $?', '2\n2\n1\n1\n1\n');
  t('assigning a default to a readonly variable ends the -c string with 1', 'readonly r=; : ${r:=v}; echo st $?', '', 1);
  t('assigning a default to a readonly variable on a line of its own', 'readonly r=; f() { : ${r:=x}; echo inf; }\nf\necho st $?\neval \': ${r:=v}\'; echo ev $?', 'st 1\nev 1\n');
}

{
  const t = section('arrays');
  t('a brace expansion in a subscripted element makes plain words', 'arr=([0]={a,b} x{1,2}); declare -p arr; arr=([{0,1}]=a [5]=q r); declare -p arr; x=V; arr=([2]+={a,$x}); declare -p arr', 'declare -a arr=([0]="[0]=a" [1]="[0]=b" [2]="x1" [3]="x2")\ndeclare -a arr=([0]="[0]=a" [1]="[1]=a" [5]="q" [6]="r")\ndeclare -a arr=([0]="[2]+=a" [1]="[2]+=V")\n');
  t('a subscripted element without a brace group to expand stays an element', 'a=([1]=x{y} [3]={a} [4]=p{1..1}); declare -p a; declare -A m=([k]={x,y}); declare -p m; f() { local -a c=([0]={a,b}); declare -p c; }; f', 'declare -a a=([1]="x{y}" [3]="{a}" [4]="[4]=p1")\ndeclare -A m=([k]="{x,y}" )\ndeclare -a c=([0]="[0]=a" [1]="[0]=b")\n');
}

{
  const t = section('arith');
  t('an expansion inside an arithmetic subscript is one key whatever brackets it holds', 'declare -A m; k=\'a]b\'; (( m[$k]++ )); (( m[$k]++ )); (( m["$k"] += 3 )); j=\'[\'; (( m[$j]=1 )); echo $(( m[$k] + m[$j] )); declare -p m', '6\ndeclare -A m=(["["]="1" ["a]b"]="5" )\n');
  t('a backslash quotes a bracket in an arithmetic subscript', 'declare -A m; (( m[a\\]b]=1 )); let \'m[c\\]d]=2\'; k=\'e\\]f\'; (( m[$k]=3 )); declare -p m', 'declare -A m=(["e\\\\]f"]="3" ["a]b"]="1" ["c]d"]="2" )\n');
  t('brackets from an expansion outside a subscript still make one', 'a=(5 6); k=\'a[1]\'; echo $(( $k )); i=\'x[0]\'; x=(1); echo ${a[$i]}; echo $(( a[$i] ))', '6\n6\n', 1);
}

{
  const t = section('tilde');
  t('a tilde after a colon in a default word of an assignment expands', 'HOME=/h; a=${u:-x:~}; b=${u:-~:~}; c="${u:-x:~}"; d=${u:+p}${u-y:~}; export e=${u:-q:~}; echo $a $b $c $d $e; echo ${u:-x:~}; arr=(${u:-x:~}); echo ${arr[@]}', 'x:/h /h:/h x:~ y:/h q:/h\nx:~\nx:~\n');
  t('a tilde in a quoted assign-default word stays', 'HOME=/h; echo "${w:=~}" "${w2=~/q}"; echo $w $w2; echo ${w3:=~}', '~ ~/q\n~ ~/q\n/h\n');
  t('an anchored substitution pattern does not expand a leading tilde', 'HOME=/h; s=/h/a; x=\'~/a\'; echo ${s/~/T} ${s/#~/T} ${x/#~/T} ${x/%~\\/a/E} ${s#~}', 'T/a /h/a T/a E /a\n');
  t('an empty HOME makes a tilde an empty word', 'HOME=; echo ~ "[~]"; set -- ~ ~/x; echo $# "$2"; a=(~); echo ${#a[@]}', ' [~]\n2 /x\n1\n');
}

{
  const t = section('set-e');
  t('set -u: the length of a missing element of an array is 0', 'set -u; a=(1); echo ${#a[5]}; declare -A m=([a]=1); echo ${#m[k]} ${#m[a]}; a=(1 2); unset "a[1]"; echo ${#a[1]}; echo ok', '0\n0 1\n0\nok\n');
  t('set -u: the length of an element of a scalar or an unset name discards the line', 'set -u; x=1; echo ${#x[0]}; echo same', '', 1);
  t('set -u: an unset array length error discards only the line in eval and subshells', 'set -u; (echo ${#nosuch[@]}; echo in); echo sub $?; eval \'echo ${#nosuch[1]}; echo same\'; echo ev $?; declare -a a; (echo ${#a[0]}); echo $?', 'sub 1\nev 1\n1\n');
}

{
  const t = section('arith');
  t('set -u: a missing element of a set variable is 0 in arithmetic', 'set -u; a=(1); echo $(( a[5] + 1 )); (( a[7]++ )); echo ${a[7]}; x=1; echo $(( x[1] )); b=(); echo $(( b[0] )); declare -A m=([a]=1); echo $(( m[k] ))', '1\n1\n0\n0\n0\n');
  t('set -u: an element of an unset variable in arithmetic ends the shell', 'set -u; declare -a a; echo $(( a[0] )); echo no', '', 127);
}

{
  const t = section('redirects');
  t('set -u: an unbound variable in a here-document of an external command fails only it', 'set -u; cat <<E\n$nosuch\nE\necho next $?; cat < $nosuch2; echo next2 $?', 'next 127\nnext2 127\n');
}

{
  const t = section('parameters');
  t('unquoted list expansions join with a non-blank IFS character before splitting', 'IFS=:; set -- \'\' \'\'; set -- $*; echo $#; set -- \'a:\' b; set -- $@; echo $# "$2"; set -- \'\' a; arr=($*); declare -p arr; a=(\'\' \'\' \'\'); set -- ${a[@]}; echo $#; set -- \'\' \'\'; set -- $@y; echo $# "[$1]"', '1\n3 \ndeclare -a arr=([0]="" [1]="a")\n2\n2 []\n');
  t('unquoted list expansions with blank or empty IFS drop empty elements', 'set -- \'\' a \'\'; set -- $*; echo $#; IFS=\' :\'; set -- \'\' \'\'; set -- $*; echo $#; IFS=; set -- \'\' \'a b\'; set -- $@; echo $# "$1"', '1\n0\n1 a b\n');
}

{
  const t = section('declare-misc');
  t('a declaration word that expands to an array assignment assigns the array', 'n=arr; declare -a "$n=(x y)"; declare -p arr; declare -A "m=([k]=v)"; declare -p m; b=(); declare "b=(p q)"; declare -p b; declare "s=(1 2)"; declare -p s; f() { local -a "l=(a \'b c\')"; declare -p l; }; f', 'declare -a arr=([0]="x" [1]="y")\ndeclare -A m=([k]="v" )\ndeclare -a b=([0]="p" [1]="q")\ndeclare -- s="(1 2)"\ndeclare -a l=([0]="a" [1]="b c")\n');
}

{
  const t = section('param-ops');
  t('length and substrings count bytes under the C locale', 'x=μab; echo ${#x} ${x:1:2}; LC_ALL=C; echo ${#x} ${x:2}; echo "${x:0:2}" | od -An -c; unset LC_ALL; LANG=POSIX; echo ${#x}; LANG=C.UTF-8; echo ${#x}', '3 ab\n4 ab\n 316 274  \\n\n4\n3\n');
}

{
  const t = section('arith');
  t('an error in an array subscript ends the -c string', 'a=(1 2); echo ${a[1+]}; echo same\necho next $?', '', 1);
  t('an error in an array subscript is not caught by (( )) or let', 'a=(1); (( a[1/0] )); echo same\necho next $?', '', 1);
  t('an error in an array subscript ends only a subshell or substitution', 'a=(1); (echo ${a[1+]}); echo sub $?; x=$(a[1/0]=2; echo in); echo "cs $? [$x]"; (let "a[1/0]"; echo in); echo let $?; echo ${a[1+]} | cat; echo pipe ${PIPESTATUS[0]}', 'sub 1\ncs 1 []\nlet 1\npipe 1\n');
  t('an arithmetic error outside subscripts stays an ordinary failure', 'a=(1); (( 1/0 )); echo st $?; echo ${a[$((1/0))]}; echo same\necho next $?; for ((i=0; 1/0; i++)); do :; done; echo loop $?', 'st 1\nnext 1\nloop 1\n');
}

{
  const t = section('glob');
  t('setting GLOBIGNORE turns dotglob on and unsetting it turns it off', 'touch .x y z; GLOBIGNORE=y; shopt dotglob; echo *; GLOBIGNORE=; shopt dotglob; echo *; unset GLOBIGNORE; shopt dotglob; echo *; GLOBIGNORE=z; shopt -u dotglob; echo * .*', 'dotglob        \ton\n.x z\ndotglob        \ton\n.x y z\ndotglob        \toff\ny z\ny .x\n');
}

{
  const t = section('arith');
  t('an error evaluating an integer variable value ends the -c string', 'declare -i n; n=08; echo same\necho next $?', '', 1);
  t('an integer value error in a script line inside a subshell ends only it', 'declare -i n; (n=1/0; echo in); echo sub $?; x=$(n=1/0); echo cs $?; (( n = 1/0 )); echo arith $?', 'sub 1\ncs 1\narith 1\n');
  t('a bad array subscript inside a test is not the test failing', 'a=(1); [[ a[1/0] -eq 1 ]]; echo same $?\necho next $?', '', 1);
}

{
  const t = section('param-ops');
  t('patterns match bytes under the C locale', 'x=μaé; LC_ALL=C; echo ${x//[^a]/.} ${x#μ} ${x/é/E}; y=${x#?}; echo ${#y}; unset LC_ALL; echo ${x#?} ${x//[^a]/.}', '..a.. aé μaE\n4\naé .a.\n');
}
{
  const t = section('param-ops');
  t('case changes touch only ASCII letters under the C locale', 'x=éa; y=ÉA; LC_ALL=C; echo ${x^^} ${x^} ${x~~} ${x@U} ${x^^[a]} ${x@u} ${y,,} ${y@L}; unset LC_ALL; echo ${x^^} ${x@u} ${y,,}', 'éA éa éA éA éA éa Éa Éa\nÉA Éa éa\n');
}
{
  const t = section('cond');
  t('case and [[ == ]] patterns match bytes under the C locale', 'LC_ALL=C; [[ é == ? ]] || echo no1; [[ é == ?? ]] && echo two; case é in ?) echo one;; ??) echo cc;; esac; [[ é == é ]] && echo eq; unset LC_ALL; [[ é == ? ]] && echo u1; case é in ?) echo c1;; esac', 'no1\ntwo\ncc\neq\nu1\nc1\n');
}
