// Conformance cases (expectations recorded by running bash 5.2): parameter transformations (@Q @P @a @E @A @K), case folding, ${!prefix*}, ${!name}.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- param-transform
{
  const t = section('param-transform');
  t('${p@P} expands what the prompt holds: $(...), ${...}, $((...))', "p='$(echo cmd) ${HOME:+h} $((1+2))'; echo \"${p@P}\"; a=('x' '$(echo y)'); echo \"${a[@]@P}\"; q='a\"b'; echo \"${q@P}\"", 'cmd h 3\nx y\na"b\n');
  t('@Q quotes for reuse', "x=\"a b'c\"; echo \"${x@Q}\"; y=$'t\\tn\\n'; echo \"${y@Q}\"; z=; echo \"${z@Q}\"", "'a b'\\''c'\n$'t\\tn\\n'\n''\n");
  t('@Q of an unset variable is nothing', 'echo "[${unset_var@Q}]"', '[]\n');
  t('@Q on arrays and positional parameters', "a=(1 \"2 3\" ''); echo ${a[@]@Q}; set -- x \"y z\"; echo \"${@@Q}\"", "'1' '2 3' ''\n'x' 'y z'\n");
  t('@Q with control characters', "x=$'\\001\\e[1m'; echo \"${x@Q}\"", "$'\\001\\E[1m'\n");
  t('@E expands backslash escapes', "x='a\\tb\\x41\\u00e9'; echo \"${x@E}\"", 'a\tbAé\n');
  t('@P expands prompt escapes', "x='\\\\ \\$ [\\a]'; y=\"${x@P}\"; echo \"${#y}\"; PS_TEST='plain'; echo \"${PS_TEST@P}\"", '7\nplain\n');
  t('@A produces an assignment', 'x=hi; echo "${x@A}"; declare -i n=3; echo "${n@A}"; declare -rx r=1; echo "${r@A}"', "x='hi'\ndeclare -i n='3'\ndeclare -rx r='1'\n");
  t('@A of arrays', 'a=(1 2); echo "${a[@]@A}"; declare -A m=([k]=v); echo "${m[@]@A}"; echo "${a@A}"', "declare -a a=([0]=\"1\" [1]=\"2\")\ndeclare -A m=([k]=\"v\" )\ndeclare -a a='1'\n");
  t('@a prints attributes', 'x=1; echo "[${x@a}]"; a=(1); echo "${a@a}"; declare -A m; m[x]=1; echo "${m@a} ${m[x]@a}"; declare -ir q=1; echo "${q@a}"', '[]\na\nA A\nir\n');
  t('@U @u @L change case', 'x=heLLo; echo "${x@U} ${x@u} ${x@L}"', 'HELLO HeLLo hello\n');
  t('@K and @k on arrays', 'declare -A m=([a]=1 [b]="x y"); echo "${m[@]@K}"; echo "${m[@]@k}"; a=(p q); echo "${a[@]@K}"', 'b "x y" a "1" \nb x y a 1\n0 "p" 1 "q"\n');
  t('an unknown transformation is a bad substitution', 'x=1; (echo "${x@Z}") 2>/dev/null; echo "st=$?"', 'st=1\n');
  t('case modification (param-transform)', 'x=hello; echo "${x^} ${x^^} ${x,} ${x^^[le]}"; y=WORLD; echo "${y,,} ${y,} ${y,,[OR]}"', 'Hello HELLO hello hELLo\nworld wORLD WorLD\n');
  t('case folding of multi-byte characters is one for one', 'x="ǅa ßb éz"; echo "${x^^} | ${x,,} | ${x^}"', 'ǄA ßB ÉZ | ǆa ßb éz | Ǆa ßb éz\n');
  t('case operators on arrays', 'a=(ab cd); echo "${a[@]^} ${a[@]^^}"', 'Ab Cd AB CD\n');
  t('${!prefix*} and ${!prefix@}', 'AA1=1 AA2=2 AB=3; echo ${!AA*}; for n in "${!AA@}"; do echo "<$n>"; done', 'AA1 AA2\n<AA1>\n<AA2>\n');
  t('${!prefix*} with no match', 'echo "[${!NOPE_PREFIX*}]"', '[]\n');
  t('${!name} indirection', 'y=val; x=y; echo "${!x}"; x=y; y=z; z=deep; echo "${!x} ${!y}"', 'val\nz deep\n');
  t('indirection to a positional parameter and specials', 'set -- A B; x=2; echo "${!x}"; x=@; echo "${!x}"; x=#; echo "${!x}"', 'B\nA B\n2\n');
  t('indirection to an array element and a whole array', "a=(p q r); x='a[1]'; echo \"${!x}\"; x='a[@]'; echo \"${!x}\"", 'q\np q r\n');
  t('indirection with operators', 'y=val; x=y; echo "${!x:-d} ${!x/v/V} ${!x^^}"; x=unset_zz; echo "${!x:-default}"', 'val Val VAL\ndefault\n');
  t('indirection of an unset name is an error', '(echo "${!nope_zz}") 2>/dev/null; echo "st=$?"', 'st=1\n');
  t('indirection to an invalid name', "x='a b'; (echo \"${!x}\") 2>/dev/null; echo \"st=$?\"", 'st=1\n');
  t('${!ref} of a nameref is the name it refers to', 'declare -n ref=target; target=5; echo "${!ref} $ref"', 'target 5\n');
  t('namerefs read, write and follow', 'declare -n r=v; v=1; r=2; echo "$v"; r+=3; echo "$v"', '2\n23\n');
  t('a nameref to an array element', "a=(x y); declare -n e='a[1]'; echo \"$e\"; e=Y; declare -p a", 'y\ndeclare -a a=([0]="x" [1]="Y")\n');
  t('a nameref in a function', 'set_it() { local -n out=$1; out="set by f"; }; set_it result; echo "$result"', 'set by f\n');
  t('${#x} counts characters', 'x=héllo; echo "${#x}"; y=; echo "${#y}"; set -- a b c; echo "${#}" "${#@}" "${#1}"', '5\n0\n3 3 1\n');
  t('substring with multibyte characters', 'x=αβγδ; echo "${x:1:2} ${x: -1} ${#x}"', 'βγ δ 4\n');
  t('substring edge cases', 'x=hello; echo "[${x:1:2}][${x: -2}][${x:1:-1}][${x:7}][${x:2:0}][${x:-1}]"', '[el][lo][ell][][][hello]\n');
  t('a negative length beyond the start is an error', 'x=abc; (echo "${x:2:-2}") 2>/dev/null; echo "st=$?"', 'st=1\n');
  t('substring of positional parameters counts from $0', 'set -- a b c d; echo "${@:2} | ${@:1:2} | ${@: -1} | ${*:2:1}"', 'b c d | a b | d | b\n');
  t('pattern replacement with & (patsub_replacement)', 'x=aXbX; echo "${x//X/[&]} ${x//X/\\&} ${x/X/&&}"; y="a&b"; echo "${x//X/"&"}"', 'a[X]b[X] a&b& aXXbX\na&b&\n');
  t('patsub_replacement can be turned off', 'shopt -u patsub_replacement; x=aXb; echo "${x/X/[&]}"', 'a[&]b\n');
  t('anchored and empty patterns', 'x=abc; echo "${x/#a/X} ${x/%c/X} ${x/b} ${x//} ${x/#/P} ${x/%/S}"', 'Xbc abX ac abc Pabc abcS\n');
  t('replacement with a pattern from a variable', "p=\"*\"; x=abc; echo \"${x/$p/S} ${x/\"$p\"/S}\"; q='a?'; echo \"${x/$q/Z}\"", 'S abc\nZc\n');
  t('prefix and suffix removal', 'x=a.b.c; echo "${x#*.} ${x##*.} ${x%.*} ${x%%.*}"', 'b.c c a.b a\n');
  t('removal with quoted pattern characters', "x='a*b*c'; echo \"${x#*\\*} ${x%\"*\"*}\"", 'b*c a*b\n');
  t('default, assign, alternative and error operators', 'unset u; e=; echo "[${u-d1}][${u:-d2}][${e-d3}][${e:-d4}][${e+a1}][${e:+a2}][${u+a3}]"', '[d1][d2][][d4][a1][][]\n');
  t(':= assigns', 'unset u; echo "${u:=new} $u"; e=; echo "${e:=filled} $e"', 'new new\nfilled filled\n');
  t(':= on an array element', 'unset a; echo "${a[2]:=x}"; declare -p a', 'x\ndeclare -a a=([2]="x")\n');
  t(':? in a subshell', '(echo "${u:?custom message}") 2>/dev/null; echo "st=$?"', 'st=1\n');
  t('operators on $@ with one empty argument', 'set -- ""; echo "[${@:-D}][${*:-D}]"; set -- "" ""; echo "[${@:-D}]"', '[D][D]\n[ ]\n');
}
