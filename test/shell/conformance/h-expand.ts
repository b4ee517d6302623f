// Conformance cases (expectations recorded by running bash 5.2): words and expansions: quoting inside ${...}, substrings, tildes, brace sequences, array literals, ${x@A}.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- param-ops
{
  const t = section('param-ops');
  t('single quotes are plain characters in a double-quoted default word', 'x=v; echo "${u-\'a b\'}" "${x+\'q\'}" ${u-\'a b\'}; echo "${u:-\'$x\'}" "${u-"in"}" "${u-$\'t\\x41\'}"', '\'a b\' \'q\' a b\n\'v\' in tA\n');
  t('a backslash in a double-quoted default word escapes only what double quotes allow', 'echo "${u-a\\ b}" "${u-a\\"b}" "${u-a\\$b}" "${u-a\\}b}" "${u-\\\'}"', 'a\\ b a"b a$b a}b \\\'\n');
  t('single quotes in a default word of a here-document stay', 'cat <<EOF\n${u-\'a\'} ${u-"b"}\nEOF', '\'a\' b\n');
  t('single quotes in a pattern inside double quotes are still quotes', 'x=abc; echo "${x#\'a\'}" "${x/\'b\'/\'q\'}" "${x%\'c\'}"', 'bc aqc ab\n');
  t('${x:=word} in double quotes keeps single quotes', 'echo "${v:=\'q\'}"; echo "$v"', '\'q\'\n\'q\'\n');
  t('a negative offset before the start is empty', 'x=abcdef; echo "[${x: -10}]" "[${x: -10:2}]" "[${x: -6:2}]"', '[] [] [ab]\n');
  t('negative offsets into positional parameters', 'set -- 1 2 3; echo "[${@: -5}]" "[${@: -3}]" "[${*: -3:1}]" "[${@: -2:1}]"', '[] [1 2 3] [1] [2]\n');
  t('a negative offset into an associative array', 'declare -A m=([a]=1); echo "[${m[@]: -2}]" "[${m[@]: -1}]"', '[1] [1]\n');
  t('${x:?} without a message', 'x=; (: ${x:?}) 2>&1 | sed "s/^[^:]*: line 1: //"; unset x; (: ${x?}) 2>&1 | sed "s/^[^:]*: line 1: //"; (: ${x:?}) 2>&1 | sed "s/^[^:]*: line 1: //"', 'x: parameter null or not set\nx: parameter not set\nx: parameter null or not set\n');
  t('"${@:+word}" with no parameters is no word', 'f() { echo $#; }; set --; f "${@:+y}"; f "${*:+y}"; a=(); f "${a[@]:+y}"; f "${a[*]:+y}"; f "x${@:+y}"; set -- a b; f "${@:+$@}" "${@:+y z}"', '0\n1\n0\n1\n1\n3\n');
  t('${!name[i]} of an unset element is empty', 'a=(x); echo "[${!a[1]}]" $?; n=a; echo "[${!n[3]}]"', '[] 0\n[]\n');
}

// ---------------------------------------------------------------- tilde
{
  const t = section('tilde');
  t('a tilde prefix ends at a colon in ordinary words', 'HOME=/hh; echo ~:x ~root:y ~/:z ~root=w', '/hh:x /root:y /hh/:z ~root=w\n');
  t('tilde with a directory stack index', 'HOME=/hh; cd /; pushd /tmp >/dev/null; pushd /usr >/dev/null; echo ~0 ~1 ~2 ~+1 ~-0 ~-1 ~+2/x; echo ~3 ~-5', '/usr /tmp / /tmp / /tmp //x\n~3 ~-5\n');
  t('no tilde expansion in associative array literals', 'HOME=/hh; declare -A m=([k]=~ [j]=a:~); declare -p m; m+=([n]=~); echo "${m[n]}"; m[z]=~; echo "${m[z]}"', 'declare -A m=([k]="~" [j]="a:~" )\n~\n/hh\n');
  t('tildes in indexed array literals', 'HOME=/hh; a=(~ x=~ a:~ [5]=~ [6]=b:~/c); declare -p a', 'declare -a a=([0]="/hh" [1]="x=~" [2]="a:~" [5]="/hh" [6]="b:/hh/c")\n');
}

// ---------------------------------------------------------------- brace
{
  const t = section('brace');
  t('zero padding counts the sign', 'echo {-05..5..5}; echo {-3..03} {-03..3}; echo {00..-3} {-0..3} {+01..3}', '-05 000 005\n-3 -2 -1 00 01 02 03 -03 -02 -01 000 001 002 003\n00 -1 -2 -3 0 1 2 3 1 2 3\n');
  t('a sequence past the integer range stays a word', 'echo {1..9223372036854775808} {9223372036854775807..9223372036854775806}', '{1..9223372036854775808} 9223372036854775807 9223372036854775806\n');
  t('a letter range across the backslash', 'printf "<%s>" {Z..a}; echo; echo {A..z} | wc -w', '<Z><[><><]><^><_><`><a>\n57\n');
}

// ---------------------------------------------------------------- quoting
{
  const t = section('quoting');
  t('$\'\\c?\' is DEL', 'printf %s $\'\\c?\' | od -An -tx1', ' 7f\n');
}

// ---------------------------------------------------------------- glob
{
  const t = section('glob');
  t('an escaped or quoted dash in a bracket is no range', 'case b in [a\\-z]) echo range;; *) echo literal;; esac; case - in [a"-"z]) echo dash;; esac; [[ b == [a\\-z] ]] || echo no; x=b; echo "${x/[a\\-z]/Q}"', 'literal\ndash\nno\nb\n');
  t('an escaped ! at the start of a bracket is literal', 'case \'!\' in [\\!a]) echo bang;; esac; case b in [\\!a]) echo b;; *) echo not-b;; esac', 'bang\nnot-b\n');
}

// ---------------------------------------------------------------- arrays-bash
{
  const t = section('arrays-bash');
  t('appending pairs to a declared empty associative array', 'declare -A m; m+=(k v); declare -p m; declare -A n; n+=([a]=1); n+=([b]=2); declare -p n', 'declare -A m=([k]="v" )\ndeclare -A n=([b]="2" [a]="1" )\n');
  t('declare -a with a parenthesized string value', 'a=\'(1 2 "3 4")\'; declare -a b="$a"; declare -p b; declare -a e="(1 \\$HOME)"; HOME=/hh; declare -a e="(x \\$HOME)"; declare -p e', 'declare -a b=([0]="1" [1]="2" [2]="3 4")\ndeclare -a e=([0]="x" [1]="/hh")\n');
  t('a parenthesized string for an existing array, not for a scalar', 'b=(x); declare b="(1 2)"; declare -p b; declare c="(1 2)"; declare -p c; declare -a h="(1 2"; declare -p h; f() { local -a g="( p q )"; declare -p g; }; f', 'declare -a b=([0]="1" [1]="2")\ndeclare -- c="(1 2)"\ndeclare -a h=([0]="(1 2")\ndeclare -a g=([0]="p" [1]="q")\n');
  t('declare -A with a parenthesized string value', 'declare -A m="([a]=1 [b]=2)"; echo "${m[a]} ${m[b]}"', '1 2\n');
}

// ---------------------------------------------------------------- param-transform
{
  const t = section('param-transform');
  t('${x@A} of elements names the array', 'a=(x y); echo "${a[1]@A}"; declare -A m=([k]=v [0]=z); echo "${m@A}" "${m[k]@A}"', 'declare -a a=\'y\'\ndeclare -A m=\'z\' declare -A m=\'v\'\n');
  t('${x@A} of declared but unset variables', 'declare -A e; echo "[${e@A}]"; declare -i i; echo "[${i@A}]"; declare p; echo "[${p@A}]"; declare -A n=([a]=1); echo "[${n@A}]" "[${n[b]@A}]"', '[declare -A e]\n[declare -i i]\n[]\n[declare -A n] [declare -A n]\n');
  t('${@@A} and ${1@A}', 'set -- a "b c"; echo ${@@A}; echo "${*@A}"; echo "[${1@A}]"; set --; echo "[${@@A}]"', 'set -- \'a\' \'b c\'\nset -- \'a\' \'b c\'\n[]\n[]\n');
  t('${!ref@A} names the target', 'declare -A n=([a]=1); r=n; echo "${!r@A}"; q="n[a]"; echo "${!q@A}"', 'declare -A n\ndeclare -A n=\'1\'\n');
}

// ---------------------------------------------------------------- param-ops
{
  const t = section('param-ops');
  t('a bare brace does not pair inside ${x-word}', 'echo ${u:-a{b}c}; echo "${u:-{a}b}"; echo ${u:-G { I } K }; x=hi; echo ${x:-G { I } K }; y={a}; echo ${y#{} ${y%\\}}', 'a{bc}\n{ab}\nG { I K }\nhi K }\na} {a\n');
  t('${x:} is a bad substitution', 'x=abc; (echo ${x:}) 2>/dev/null; echo "st=$?"; echo "[${x::}]"', 'st=1\n[]\n');
  t('a ternary in a substring offset', 'x=1 j=4; s=/home/user; echo ${s:j?1:0:j} ${s:(j?1:0):j} ${s:j?(x?1:0):0:j}', 'home home home\n');
  t('a command substitution with a brace in a substring offset', 'HOME=/hh; (echo "${HOME:`echo }`}") 2>/dev/null; echo "st=$?"', 'st=1\n');
  t('"$x$@" with no parameters and an empty x is no word', 'f() { echo $#; }; set --; f "$u$@"; f "$@$u"; f "$@"""; f "$@"$u; f "$(true)$@"; f "$u$*"; a=(); f "$u${a[@]}$u"; set -- ""; f "$u$@"; x=1; set --; f "$x$@"', '0\n0\n1\n0\n0\n1\n0\n1\n1\n');
  t('${!N} of an unset positional parameter', 'f() { echo "[${!1:-default}]" "[${!2}]"; }; f; z=zz; set -- z; echo "${!1}"', '[default] []\nzz\n');
  t('${x[@]:off} of a scalar slices its characters', 'var=blah; echo ${var[@]:3} ${var[*]:1:2} "${var[@]: -2}"; a=(blah); echo "[${a[@]:3}]"', 'h la ah\n[]\n');
  t('nounset names a positional parameter with its dollar', 'set -u; (echo $3) 2>&1 | sed "s/^.*line 1: //"', '$3: unbound variable\n');
}

// ---------------------------------------------------------------- arrays-bash
{
  const t = section('arrays-bash');
  t('assigning a[] or a[@] is an error that stops the list', 'b=(1); b[]=x; echo not-reached', '', 1);
  t('b[@]=x stops too', 'b=(1); (b[@]=x; echo not-reached) 2>/dev/null; echo "st=$?"; declare -p b', 'st=1\ndeclare -a b=([0]="1")\n');
  t('bad subscripts in a literal skip those elements', 'd=([1]=a [-5]=b [2]=c); declare -p d; e=([]=x [1]=y); declare -p e; f=([*]=x [0]=z); declare -p f', 'declare -a d=([1]="a" [2]="c")\ndeclare -a e=([1]="y")\ndeclare -a f=([0]="z")\n');
  t('unset of an element of a scalar', 'p=hello; unset p[2] 2>/dev/null; echo $? $p; unset p[0]; echo "[${p-unset}]"', '1 hello\n[unset]\n');
  t('declare with a subscript and no value declares an array', 'declare -a b[256]; declare -p b; declare -r c[10]; declare -p c; declare -A m[x]; declare -p m; declare d[3]; declare -p d; f() { local l[2]; declare -p l; }; f', 'declare -a b\ndeclare -ar c\ndeclare -A m\ndeclare -a d\ndeclare -a l\n');
  t('declare +a on an array is refused', 'c=(1); declare +a c 2>/dev/null; echo $?; declare -A m; declare +A m 2>/dev/null; echo $?; x=1; declare +a x; echo $?; declare -p c', '1\n1\n0\ndeclare -a c=([0]="1")\n');
  t('blanks in a subscript of an assignment word', 'a[1 + 1]=y; echo ${a[2]}; x[ 2 ]=q; echo ${x[2]}; for i in 1; do c[$i * 2]=w; done; echo ${c[2]}; a[1 + 1]+=Q; echo ${a[2]}; printf "<%s>" a[1 + 1]=x; echo', 'y\nq\nw\nyQ\n<a[1><+><1]=x>\n');
}

// ---------------------------------------------------------------- arrays-bash
{
  const t = section('arrays-bash');
  t('a bare word among [k]=v elements of an associative literal is skipped', 'declare -A m; m=( [a]=1 b 2 ) 2>/dev/null; declare -p m; declare -A n=( [x]=1 y ) 2>/dev/null; declare -p n', 'declare -A m=([a]="1" )\ndeclare -A n=([x]="1" )\n');
  t('an escaped double quote inside a quoted subscript', 'declare -A m; m["a\\"b"]=1; m[\'c\\d\']=2; declare -p m; echo "${m["a\\"b"]}"', 'declare -A m=(["c\\\\d"]="2" ["a\\"b"]="1" )\n1\n');
}

// ---------------------------------------------------------------- quoting
{
  const t = section('quoting');
  t('$\'\\x{...}\' takes any number of hex digits', 'printf %s $\'\\x{41}\' $\'\\x{4142}\' $\'\\x{41\' | od -An -c; printf \'\\x{41}\\n\'', '   A   B   A\n\\x{41}\n');
}

// ---------------------------------------------------------------- tilde
{
  const t = section('tilde');
  t('${x:=word} expands only a leading tilde', 'HOME=/h; unset A; : ${A:=~/bin:~/b2}; echo $A; unset B; : ${B:=P=~/bin:~/b2}; echo $B', '/h/bin:~/b2\nP=~/bin:~/b2\n');
  t('posix mode keeps arguments like a=~ as they are', 'HOME=/h; echo foo=bar:~ x=~; set -o posix; echo foo=bar:~ x=~; h=HOME=~; eval echo $h', 'foo=bar:/h x=/h\nfoo=bar:~ x=~\nHOME=~\n');
}

// ---------------------------------------------------------------- extglob
{
  const t = section('extglob');
  t('a star before an extglob star group', 'shopt -s extglob\ntouch ab abcdef abef abcfef; echo ab**(e|f); case abcfefg in ab**(e|f)) echo ok1;; esac; case abcfefg in ab**(e|f)g) echo ok2;; esac', 'ab abcdef abcfef abef\nok1\nok2\n');
  t('global replacement with a pattern that can match nothing', 'shopt -s extglob\nx=abc; echo ${x//?(b)/-} ${x/?(b)/-} ${x//*(b)/-} ${x//@(|b)/-}; y=; echo "[${y//?(b)/-}]"', '-a--c -abc -a--c -a--c\n[]\n');
  t('dot files and extglob alternatives starting with a dot', 'shopt -s extglob\ntouch .hidden vis .x; echo @(.*); echo @(.h*|v*); echo @(.x|*); echo @(*)', '.hidden .x\n.hidden vis\n.x vis\nvis\n');
}

// ---------------------------------------------------------------- arrays-bash
{
  const t = section('arrays-bash');
  t('declare -p quotes associative keys only for shell metacharacters', 'declare -A m=([a-b]=1 [a@b]=2 [a~b]=3 [a#b]=4 [~x]=5 [#y]=6 [x=~]=7 ["a b"]=8 [é]=9 ["a*"]=10 [$\'\\x01\']=11); declare -p m; declare -A k=([a@b]=1 [x.y]=2); echo ${k[@]@K}', 'declare -A m=(["x=~"]="7" ["#y"]="6" [a#b]="4" [$\'\\001\']="11" ["a*"]="10" [a-b]="1" ["a b"]="8" [a@b]="2" ["~x"]="5" [a~b]="3" [é]="9" )\nx.y "2" a@b "1"\n');
  t('an empty key in a declare literal is skipped', 'declare -A m=([a]=1 [\'\']=2) 2>/dev/null; declare -p m', 'declare -A m=([a]="1" )\n');
  t('a nameref for-loop variable points at each word', 'declare -n r; for r in u v; do r=set_$r; done; echo $u $v; declare -p r; x=1; y=2; for r in x y; do echo $r; done', 'set_ set_\ndeclare -n r="v"\n1\n2\n');
  t('an invalid nameref target is quoted in the message', '{ declare -n r="a b"; echo $?; } 2>&1 | sed "s/^[^:]*: line 1: //"', 'declare: `a b\': invalid variable name for name reference\n1\n');
}

// ---------------------------------------------------------------- param-ops
{
  const t = section('param-ops');
  t('set -u and the count of an unset or valueless array', 'set -u; a=(); echo ${#a[@]}; (declare -a b; echo ${#b[@]}) 2>/dev/null || echo unbound-b; (declare -A m; echo ${#m[*]}) 2>/dev/null || echo unbound-m; (x=1; echo ${#x[@]}) 2>/dev/null || echo unbound-x; f() { echo ${#FUNCNAME[@]}; }; f', '0\nunbound-b\nunbound-m\nunbound-x\n1\n');
}

// ---------------------------------------------------------------- param-ops
{
  const t = section('param-ops');
  t('backslashes from an expansion in a replacement', 'x=abc; r=\'\\n\'; echo ${x/b/$r} "${x/b/$r}"; r=\'\\&\'; echo ${x/b/$r}; r=\'\\\\\'; echo ${x/b/$r}; echo ${x/b/\\n} "${x/b/\\\\n}" ${x/b/\\\\&}', 'a\\nc a\\nc\na&c\na\\c\nanc a\\nc a\\bc\n');
  t('quoted characters in a replacement', 'x=abc; echo ${x/b/"&"} ${x/b/\'&\'} ${x/b/"\\\\"} ${x/b/[*]} ${x/b/"*"}; r=\'[&]\'; echo ${x/b/$r} ${x/b/"$r"}', 'a&c a&c a\\c a[*]c a*c\na[b]c a[&]c\n');
  t('a replacement without patsub_replacement is plain text', 'shopt -u patsub_replacement; x=abc; r=\'\\n\'; echo ${x/b/$r} ${x/b/&} ${x/b/\\&} "${x/b/\\\\}"', 'a\\nc a&c a&c a\\c\n');
  t('nocasematch applies to pattern substitution only', 'shopt -s nocasematch; x=abcABC; echo ${x//a/-} ${x#A} ${x%c} ${x/#A/S} ${x//[a]/+}; a=(Ab aB); echo ${a[@]//a/-}', '-bc-BC abcABC abcABC SbcABC +bc+BC\n-b -B\n');
  t('a leading slash of the pattern in ${x//pat/rep}', 'x=a/b/c; echo ${x////|} ${x///b} ${x///}; y=abc; echo "${y/#/P}" "${y/%/S}"', 'a|b|c a/c abc\nPabc abcS\n');
  t('set -u count of an unset array exits with status 1', 'set -u; echo ${#nope[@]}; echo not-reached', '', 1);
}

// ---------------------------------------------------------------- arrays-bash
{
  const t = section('arrays-bash');
  t('read into array elements', 'echo efgh | { read x[1]; declare -p x; }; i=2; read -r a[i] b[i+1] <<< "p q"; declare -p a b; declare -A m; read m[k] m[j] <<< "1 2"; declare -p m; read y[ <<< x 2>/dev/null; echo $?', 'declare -a x=([1]="efgh")\ndeclare -a a=([2]="p")\ndeclare -a b=([3]="q")\ndeclare -A m=([k]="1" [j]="2" )\n1\n');
}

// ---------------------------------------------------------------- param-transform
{
  const t = section('param-transform');
  t('${!prefix@} leaves out names declared without a value', 'zb=1 za=2; declare -a zarr; declare -A zm; declare zs; declare -i zi; echo ${!z@}; zm[k]=1; zarr=(); echo ${!z*}', 'za zb\nza zarr zb zm\n');
}

// ---------------------------------------------------------------- arrays-bash
{
  const t = section('arrays-bash');
  t('a list assigned to an array element is an error', 'd=(1); d[7]=(abc); echo not-reached', '', 1);
}
