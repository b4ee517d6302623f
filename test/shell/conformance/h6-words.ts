// Conformance cases (expectations recorded by running bash 5.2): what the h6-words helper found
// probing read, set -u, compound words, printf, $'...', patterns, arrays, transformations and arithmetic.
import { section } from '../conformance-table.js';

{
  const t = section('read-builtin');
  t("read: the last name gets the one field when only a delimiter and blanks follow", "IFS=' :' read a b <<< 'x : y : '; echo \"[$a][$b]\"; IFS=' :' read a b <<< 'x y :'; echo \"[$a][$b]\"", "[x][y]\n[x][y]\n", 0);
  t("read: the last name keeps the rest when more than a delimiter follows", "IFS=' :' read a b <<< 'x y : z :'; echo \"[$a][$b]\"; IFS=: read a b <<< 'x:y::'; echo \"[$a][$b]\"; IFS=: read a b <<< 'x:y:z:'; echo \"[$a][$b]\"", "[x][y : z :]\n[x][y::]\n[x][y:z:]\n", 0);
  t("read: comma and blank separators, trailing comma after the last field", "IFS=', ' read -r a b <<< 'x,y ,'; echo \"[$a][$b]\"; IFS=', ' read -r a b <<< 'x,y , ,'; echo \"[$a][$b]\"", "[x][y]\n[x][y , ,]\n", 0);
  t("read: an escaped delimiter at the end stays with the last field", "IFS=: read a b <<< 'x:y\\:'; echo \"[$a][$b]\"; IFS=: read a b <<< 'x:y:\\ '; echo \"[$a][$b]\"", "[x][y:]\n[x][y: ]\n", 0);
  t("read -a into an associative array fails and reads the line", "declare -A A; read -a A; echo \"st $?\"; read x; echo \"$x\"", "st 1\nb\n", 0, {stdin: "a\nb\n"});
  t("read -a: message for an associative array", "declare -A A; read -a A <<< x 2>&1 | sed 's/^.*line [0-9]*: //'", "read: A: not an indexed array\n", 0);
  t("read: NAME[SUB] expands the subscript", "x=k; declare -A h; read \"h[\\$x]\" <<< v; declare -p h; a=(); i=2; read \"a[\\$i]\" \"a[i+1]\" <<< 'w z'; declare -p a", "declare -A h=([k]=\"v\" )\ndeclare -a a=([2]=\"w\" [3]=\"z\")\n", 0);
  t("read: a bad name after the first fails after the earlier names are set", "printf 'a b c\\nb\\n' | { read x y 1x; echo \"$? [$x] [$y]\"; read y; echo $y; }", "1 [a] [b]\nb\n", 0);
  t("read: a bad first name fails before reading", "printf 'a b c\\nb\\n' | { read 1x y; echo $?; read y; echo $y; }", "1\na b c\n", 0);
  t("read: a bad later name's message", "read x -r <<< 'v' 2>&1 | sed 's/^.*line [0-9]*: //'; read x -r <<< v 2>/dev/null; echo \"[$x]\"", "read: `-r': not a valid identifier\n[v]\n", 0);
}

{
  const t = section('set-shopt');
  t("set -u: an unset name in [[ ]] arithmetic ends the shell", "set -u; [[ x -eq 1 ]]; echo \"st $?\"", "", 127);
  t("set -u: the message of an unset name in [[ ]] arithmetic", "(set -u; [[ 1 -eq x ]]) 2>&1 | sed 's/^.*line [0-9]*: //'", "x: unbound variable\n", 0);
  t("set -u: an unset name in a case word is silenced by the case's redirection", "(set -u; case $nope in *) :;; esac 2>/dev/null); echo \"st $?\"", "st 1\n", 0);
}

{
  const t = section('control');
  t("an error in a for loop's words goes to the loop's redirection", "for x in ${y:?oops}; do echo $x; done 2>/dev/null; echo after", "", 127);
  t("the for loop's word error is written under 2>&1", "(for x in ${y:?oops}; do echo $x; done 2>&1) | sed 's/^.*line [0-9]*: /E: /'", "E: y: oops\n", 0);
  t("an error in case's word goes to the case's redirection", "(case ${y:?oops} in *) echo c;; esac 2>/dev/null); echo \"st $?\"", "st 1\n", 0);
  t("an arithmetic error in a for's word goes to its redirection", "x=1; for x in $((1/0)); do :; done 2>/dev/null; echo after $?", "", 1);
  t("printf: missing format character names the whole spec", "for f in '%5' '%-5.2' '%lz' '%5z' '%5k'; do printf \"$f\" 2>&1 | sed 's/^.*line [0-9]*: //'; echo \" st ${PIPESTATUS[0]}\"; done", "printf: `%5': missing format character\n st 1\nprintf: `%-5.2': missing format character\n st 1\nprintf: `%lz': missing format character\n st 1\nprintf: `%5z': missing format character\n st 1\nprintf: `k': invalid format character\n st 1\n", 0);
  t("printf: a format's \\x without digits warns and prints itself", "printf 'a\\xg\\n' 2>&1 | sed 's/^.*line [0-9]*: //'; echo \"st ${PIPESTATUS[0]}\"", "printf: missing hex digit for \\x\na\\xg\nst 0\n", 0);
  t("bracket: a dash after a class in case and globs", "touch a - 5 z; echo [[:digit:]-a]; for c in a - 5 z; do case $c in [[:digit:]-a]) echo \"y$c\";; *) echo \"n$c\";; esac; done", "5 a\nya\ny-\ny5\nnz\n", 0);
}

{
  const t = section('printf-echo');
  t("printf %d: invalid hex and octal number messages", "for a in 0x 08 0x1z 019 -08 0X 12a; do printf '%d\\n' \"$a\" 2>&1 | sed 's/^.*line [0-9]*: //'; done", "printf: 0x: invalid hex number\n0\nprintf: 08: invalid octal number\n0\nprintf: 0x1z: invalid hex number\n1\nprintf: 019: invalid octal number\n1\nprintf: -08: invalid number\n0\nprintf: 0X: invalid number\n0\nprintf: 12a: invalid number\n12\n", 0);
  t("printf %f: 0x alone is an invalid hex number", "printf '%f\\n' 0x; echo \"st $?\"; printf '%f\\n' 0x 2>&1 >/dev/null | sed 's/^.*line [0-9]*: //'", "0.000000\nst 1\nprintf: 0x: invalid hex number\n", 0);
  t("printf: several length modifiers are skipped", "printf '%lld|%hhd|%jd\\n' 1 2 3", "1|2|3\n", 0);
  t("printf %b: \\u without digits warns", "printf '%b|\\n' '\\u' 2>/dev/null; printf '%b|\\n' '\\x' 2>&1 >/dev/null | sed 's/^.*line [0-9]*: //'", "\\u|\nprintf: missing hex digit for \\x\n", 0);
  t("echo -e: \\x without digits prints itself silently", "echo -e 'a\\x|\\u|' 2>&1", "a\\x|\\u|\n", 0);
  t("printf -v NAME[SUB] expands the subscript", "x=k; declare -A h; printf -v \"h[\\$x]\" '%s' lit; declare -p h; i=1; printf -v \"a[\\$i]\" v; printf -v 'a[i+1]' w; declare -p a", "declare -A h=([k]=\"lit\" )\ndeclare -a a=([1]=\"v\" [2]=\"w\")\n", 0);
  t("printf -v: an empty key is a bad subscript", "declare -A h; printf -v 'h[$nokey]' v 2>&1 | sed 's/^.*line [0-9]*: //'; printf -v 'h[$nokey]' v 2>/dev/null; echo \"st $?\"", "h[$nokey]: bad array subscript\nst 1\n", 0);
  t("printf -v of a readonly variable names no builtin", "readonly ro; printf -v ro x 2>&1 | sed 's/^.*line [0-9]*: //'", "ro: readonly variable\n", 0);
  t("printf %(%V)T: the ISO week of early January", "TZ=UTC printf '%(%G-%V-%u)T %(%G-%V)T %(%G-%V)T\\n' 12345 1104537600 1230768000", "1970-01-4 2004-53 2009-01\n", 0);
  t("printf: the width counts the bytes of a cut character", "printf '%5.2s|\\n' 日本語 | od -An -c", "             346 227   |  \\n\n", 0);
  t("printf 'c under the C locale is the first byte", "LC_ALL=C printf '%d\\n' \"'é\"; printf '%d\\n' \"'é\"", "195\n233\n", 0);
}

{
  const t = section('heredoc');
  t("a here-document keeps $'...' inside ${x:-...} as it is", "x=; cat <<EOF\n${x:-$'a\\tb'} \"${x:-$'c'}\"\nEOF", "$'a\\tb' \"$'c'\"\n", 0);
  t("$'...' in a double-quoted ${x:-...} is still expanded", "x=; echo \"${x:-$'a\\tb'}\" | od -c | head -1", "0000000   a  \\t   b  \\n\n", 0);
}

{
  const t = section('glob');
  t("bracket: a dash after a class is a literal dash", "for c in a z - b '!' A 5; do [[ $c == [[:alpha:]-z] ]] && echo \"y$c\" || echo \"n$c\"; done", "ya\nyz\ny-\nyb\nn!\nyA\nn5\n", 0);
  t("bracket: a dash after a range is literal", "for c in b d -; do [[ $c == [a-c-e] ]] && echo \"y$c\" || echo \"n$c\"; done", "yb\nnd\ny-\n", 0);
  t("bracket: named collating symbols", "for c in ' ' - a; do [[ $c == [[.space.][.hyphen.]] ]] && echo \"y[$c]\" || echo \"n[$c]\"; done; [[ $'\\t' == [[.tab.]] ]] && echo tab", "y[ ]\ny[-]\nn[a]\ntab\n", 0);
  t("bracket: an unknown collating name matches nothing", "[[ a == [[.foo.]a] ]] && echo y || echo n; [[ f == [[.foo.]a] ]] && echo y || echo n; [[ b == [[.space.]-c] ]] && echo y || echo n", "y\nn\ny\n", 0);
}

{
  const t = section('arrays-bash');
  t("${x[-1]} of a scalar is a bad array subscript", "x=abc; echo \"[${x[-1]}]\"; echo \"st $?\"; x=abc; echo \"[${x[-1]:-d}]\" 2>/dev/null", "[]\nst 0\n[d]\n", 0);
  t("${x[-1]} of a scalar: the message", "x=abc; { echo \"[${x[-1]}]\"; } 2>&1 | sed 's/^.*line [0-9]*: //'", "x: bad array subscript\n[]\n", 0);
  t("unset 'a[expr]': an arithmetic error ends the command line", "a=(1); unset 'a[1/0]'; echo after", "", 1);
  t("unset 'a[expr]': the message names no builtin", "( a=(1); unset 'a[1/0]' ) 2>&1 | sed 's/^.*line [0-9]*: //'", "1/0: division by 0 (error token is \"0\")\n", 0);
  t("unset of an element of an unset name evaluates nothing", "unset 'x[1/0]'; echo \"after $?\"; echo \"[${#y[1/0]}]\"", "after 0\n[0]\n", 0);
}

{
  const t = section('arith');
  t("arithmetic: a negative index past the start is a bad subscript with a message", "a=(1 2); { echo $(( a[-3] + 1 )); } 2>&1 | sed 's/^.*line [0-9]*: //'", "a: bad array subscript\n1\n", 0);
  t("arithmetic: a negative index of a scalar or unset name is an error and 0", "x=abc; { echo $(( x[-1] )) $(( u[-1] )); } 2>&1 | sed 's/^.*line [0-9]*: //'", "x: bad array subscript\nu: bad array subscript\n0 0\n", 0);
  t("arithmetic: a[-3]++ reports the read and the write", "a=(1 2); { (( a[-3]++ )); echo \"st $?\"; } 2>&1 | sed 's/^.*line [0-9]*: //'", "a: bad array subscript\na[-3]: bad array subscript\nst 1\n", 0);
  t("arithmetic: negative exponent error token", "for e in '2 ** -1' '2 ** -1 + 3' '2 ** (0-1)' '2**-1, 5'; do ( echo $(( $e )) ) 2>&1 | sed 's/^.*line [0-9]*: //'; done", "2 ** -1 : exponent less than 0 (error token is \"1 \")\n2 ** -1 + 3 : exponent less than 0 (error token is \"+ 3 \")\n2 ** (0-1) : exponent less than 0 (error token is \") \")\n2**-1, 5 : exponent less than 0 (error token is \", 5 \")\n", 0);
  t("arithmetic: a[@] of an indexed array is a bad subscript read as 0", "a=(1 2 3); { echo $(( a[@] + 1 )); echo \"st $?\"; } 2>&1 | sed 's/^.*line [0-9]*: //'", "a[@]: bad array subscript\n1\nst 0\n", 0);
  t("arithmetic: assigning a[@] is refused and changes nothing", "a=(1 2 3); { (( a[@]=5 )); echo \"st $?\"; } 2>&1 | sed 's/^.*line [0-9]*: //'; declare -p a", "a[@]: bad array subscript\nst 0\ndeclare -a a=([0]=\"1\" [1]=\"2\" [2]=\"3\")\n", 0);
  t("arithmetic: a[@] of an associative array is the element @", "declare -A h=([a]=1); echo $(( h[@] )); echo \"st $?\"", "0\nst 0\n", 0);
  t("arithmetic: the recursion error shows the text the shell gave up on", "for c in 'x=y; y=x' 'a=b; b=c; c=d; d=a; x=a' \"x='y+1'; y='x+1'\"; do ( eval \"$c\"; echo $((x)) ) 2>&1 | sed 's/^.*line [0-9]*: //'; done", "y: expression recursion level exceeded (error token is \"y\")\nc: expression recursion level exceeded (error token is \"c\")\ny+1: expression recursion level exceeded (error token is \"y+1\")\n", 0);
  t("arithmetic: $'...' is its text in single quotes, an error", "( echo $(( $'\\x31' + 1 )) ) 2>&1 | sed 's/^.*line [0-9]*: //'; echo $(( 1 + $\"2\" ))", "'1' + 1 : syntax error: operand expected (error token is \"'1' + 1 \")\n3\n", 0);
}

{
  const t = section('param-ops');
  t("${x:off:len}: the length is everything up to the brace", "x=abc; ( echo \"${x:1:1:1}\" ) 2>&1 | sed 's/^.*line [0-9]*: //'; a=(1 2 3); ( echo ${a[@]:1:2:3} ) 2>&1 | sed 's/^.*line [0-9]*: //'", "x: 1:1: syntax error in expression (error token is \":1\")\na[@]: 2:3: syntax error in expression (error token is \":3\")\n", 0);
  t("${x:off:len}: a ternary in the offset and the length", "x=abcdef; echo ${x:1:2?1:0} ${x:0?1:2:2}", "b cd\n", 0);
}

{
  const t = section('declare-misc');
  t("declare -A: bare words mixed with [k]=v warn", "{ declare -A h=([a]=1 b 2); } 2>&1 | sed 's/^.*line [0-9]*: //'; declare -A h=([a]=1 b 2) 2>/dev/null; declare -p h", "h: 'b': must use subscript when assigning associative array\nh: '2': must use subscript when assigning associative array\ndeclare -A h=([a]=\"1\" )\n", 0);
  t("declare -p quotes an associative key of raw bytes", "x=$'\\xa0'; declare -A h=([\"$x\"]=1); declare -p h", "declare -A h=([$'\\240']=\"1\" )\n", 0);
}

{
  const t = section('mapfile');
  t("mapfile: a NUL in a line ends the element", "mapfile -t a < <(printf 'a\\0b\\nc\\n'); declare -p a; mapfile -n 1 b < <(printf 'a\\0b\\nc\\n'); declare -p b", "declare -a a=([0]=\"a\" [1]=\"c\")\ndeclare -a b=([0]=\"a\")\n", 0);
}

{
  const t = section('regex');
  t("=~: a named collating symbol is a bad regex under C.UTF-8", "[[ ' ' =~ [[.space.]] ]]; echo \"st $?\"; [[ x =~ [[.x.]] ]] && echo one", "st 2\none\n", 0);
}
