// Conformance cases (expectations recorded by running bash 5.2): read (-n -N -d -t -u -s -p -a, IFS splitting, statuses) and mapfile/readarray.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- read-builtin
{
  const t = section('read-builtin');
  t('read drops NUL bytes', 'printf "a\\0b\\nc\\0d\\n" > n.txt; while read l; do echo "<$l>"; done < n.txt; read -n 2 y < n.txt; echo "[$y]"', '<ab>\n<cd>\n[ab]\n');
  t('read -t 0: input waiting in a pipe, a here-string; none from an idle writer', '{ echo data; sleep 0.3; } | { sleep 0.1; read -t 0; echo "pipe=$?"; }; read -t 0 <<< x; echo "here=$?"; sleep 0.3 | { read -t 0; echo "idle=$?"; }', 'pipe=0\nhere=0\nidle=1\n');
  t('read splits on IFS, the last name takes the rest', 'read -r a b <<< "  x  y  z  "; echo "[$a][$b]"', '[x][y  z]\n');
  t('REPLY keeps the line unsplit and untrimmed', 'read <<< "  a b  "; echo "[$REPLY]"', '[  a b  ]\n');
  t('a non-whitespace IFS delimits each field', 'IFS=: read -r a b <<< "1:2:3"; echo "[$a][$b]"', '[1][2:3]\n');
  t('empty fields between delimiters', 'IFS=: read -r a b c d <<< "1::3"; echo "[$a][$b][$c][$d]"', '[1][][3][]\n');
  t('read -a collects every field', 'read -r -a arr <<< "a b  c"; declare -p arr', 'declare -a arr=([0]="a" [1]="b" [2]="c")\n');
  t('read -a with IFS and empty fields, no trailing empty field', 'IFS=, read -ra arr <<< "a,,b,"; declare -p arr', 'declare -a arr=([0]="a" [1]="" [2]="b")\n');
  t('read -a with leading and doubled delimiters', 'IFS=: read -a arr <<< ":1::2::"; declare -p arr', 'declare -a arr=([0]="" [1]="1" [2]="" [3]="2" [4]="")\n');
  t('read -n stops after N characters', 'read -n 3 x <<< "abcdef"; echo "[$x]"', '[abc]\n');
  t('read -n counts characters, not bytes', "printf 'é€x' | { read -n 2 a; echo \"[$a]\"; }", '[é€]\n');
  t('read -N reads exactly N characters, newlines included, no splitting', "read -N 5 a b <<< $'x y\\nz'; echo \"[$a][$b]\"", '[x y\nz][]\n');
  t('read -d uses another delimiter', 'read -d : x <<< "ab:cd"; echo "[$x] $?"', '[ab] 0\n');
  t("read -d '' reads NUL-delimited records", "printf 'a\\0b\\0' | { read -d '' x; echo \"[$x]\"; read -d '' y; echo \"[$y]\"; read -d '' z; echo \"[$z] $?\"; }", '[a]\n[b]\n[] 1\n');
  t('a find -print0 style loop', "printf 'one\\0two words\\0' | while IFS= read -r -d '' f; do echo \"<$f>\"; done", '<one>\n<two words>\n');
  t('read -d with -n stops at whichever comes first', 'read -d x -n 5 a <<< "abxcd"; echo "[$a]"', '[ab]\n');
  t('backslash escapes without -r', "read x <<< 'a\\b c'; echo \"[$x]\"", '[ab c]\n');
  t('-r keeps backslashes', "read -r x <<< 'a\\b c'; echo \"[$x]\"", '[a\\b c]\n');
  t('backslash-newline continues the line without -r', "printf 'a\\\\\\nb\\n' | { read x; echo \"[$x]\"; }", '[ab]\n');
  t('an escaped blank does not split', "read a b <<< 'x\\ y z'; echo \"[$a][$b]\"", '[x y][z]\n');
  t('an escaped IFS character does not split', "IFS=: read a b <<< 'x\\:y:z'; echo \"[$a][$b]\"", '[x:y][z]\n');
  t('status 1 at end of input, variables emptied', 'x=old; read x y < /dev/null; echo "$? [$x][${y-unset}]"', '1 [][]\n');
  t('a last line without newline is read with status 1', 'echo -n "last" | { read x; echo "$? [$x]"; }', '1 [last]\n');
  t('the while read || idiom gets the last line', "printf 'l1\\nl2' | while read -r l || [ -n \"$l\" ]; do echo \"<$l>\"; done", '<l1>\n<l2>\n');
  t('extra names are set empty', 'read a b c <<< "1 2"; echo "[$a][$b][${c-unset}]"', '[1][2][]\n');
  t('IFS empty keeps leading and trailing blanks', 'IFS= read -r x <<< "  sp  "; echo "[$x]"', '[  sp  ]\n');
  t('default IFS trims blanks', 'read -r x <<< "  sp  "; echo "[$x]"', '[sp]\n');
  t('a single trailing delimiter after one field is dropped', 'IFS=: read a b <<< "1:2:"; echo "[$a][$b]"', '[1][2]\n');
  t('trailing delimiters stay when there are more', 'IFS=: read a b <<< "1:2::"; echo "[$a][$b]"', '[1][2::]\n');
  t('mixed whitespace and colon IFS', 'IFS=" :" read a b <<< "  1  :: 2  "; echo "[$a][$b]"', '[1][: 2]\n');
  t('read -t 0 on a file or here-string succeeds', 'read -t 0 <<< "x"; echo $?; read -t 0 < /dev/null; echo $?', '0\n0\n');
  t('read -t times out with status 142', 'sleep 1 | { read -t 0.1 x; echo "$? [$x]"; }', '142 []\n');
  t('read -u reads another descriptor', 'read -u 3 x 3<<< "fd3"; echo "[$x]"', '[fd3]\n');
  t('read -u with a closed descriptor fails', 'read -u 7 x 2>/dev/null; echo $?', '1\n');
  t('read -p writes no prompt when input is not a terminal', 'read -p "prompt> " x <<< "v" 2>&1; echo "[$x]"', '[v]\n');
  t('read of a readonly variable fails with 1', 'readonly r=1; read r <<< x 2>/dev/null; echo $?', '1\n');
  t('read with an invalid name fails with 1', 'read 1x <<< "x" 2>/dev/null; echo $?', '1\n');
  t('read with a bad option is status 2', 'read -z 2>/dev/null; echo $?', '2\n');
  t('read -n with a bad number', 'read -n -1 x <<< y 2>/dev/null; echo $?', '1\n');
  t('read -n 0 reads nothing', 'read -n 0 x <<< "abc"; echo "[$x] $?"', '[] 0\n');
  t('consecutive reads share the input', "{ read a; read b; } <<'EOF'\nfirst\nsecond\nEOF\necho \"$a|$b\"", 'first|second\n');
  t('read leaves the rest of a pipe for the next command', 'seq 3 | { read a; cat; }', '2\n3\n');
  t('read in a while loop over a file', "printf 'l1\\nl2\\nl3\\n' > f.txt; while read -r l; do echo \"<$l>\"; done < f.txt", '<l1>\n<l2>\n<l3>\n');
  t("read inside a pipeline does not set the shell's variable", 'echo val | read v; echo "[${v-unset}]"', '[unset]\n');
  t('lastpipe keeps the variable', 'shopt -s lastpipe; echo val | read v; echo "[$v]"', '[val]\n');
  t('read -r -n with two names splits what was read', 'read -r -n 2 a b <<< "xyz"; echo "[$a][$b]"', '[xy][]\n');
  t('read from a here-document in a function', 'f() { local x; read -r x; echo "got $x"; }; f <<< "hello"', 'got hello\n');
}

// ---------------------------------------------------------------- mapfile
{
  const t = section('mapfile');
  t('mapfile keeps newlines', "printf 'a\\nb\\n' | { mapfile; declare -p MAPFILE; }", "declare -a MAPFILE=([0]=$'a\\n' [1]=$'b\\n')\n");
  t('mapfile -t strips them', "mapfile -t arr <<< $'a\\nb\\n\\nc'; declare -p arr", 'declare -a arr=([0]="a" [1]="b" [2]="" [3]="c")\n');
  t('mapfile -s and -n', "printf '1\\n2\\n3\\n4\\n5\\n' | { mapfile -s 1 -n 2 -t a; declare -p a; }", 'declare -a a=([0]="2" [1]="3")\n');
  t('mapfile -O starts at an index and keeps other elements', 'a=(x y z); mapfile -O 1 -t a <<< "p"; declare -p a', 'declare -a a=([0]="x" [1]="p" [2]="z")\n');
  t('mapfile without -O replaces the array', 'a=(x y z); mapfile -t a <<< "p"; declare -p a', 'declare -a a=([0]="p")\n');
  t('mapfile -d with another delimiter', "printf 'a,b,c' | { mapfile -d , -t a; declare -p a; }", 'declare -a a=([0]="a" [1]="b" [2]="c")\n');
  t("mapfile -d '' for NUL-separated input", "printf 'a\\0b\\0' | { mapfile -d '' -t a; declare -p a; }", 'declare -a a=([0]="a" [1]="b")\n');
  t('mapfile -C calls back every -c lines', "f() { echo \"cb $1 [$2]\"; }; printf '1\\n2\\n3\\n4\\n' | { mapfile -t -C f -c 2 a; declare -p a; }", 'cb 1 [2]\ncb 3 [4]\ndeclare -a a=([0]="1" [1]="2" [2]="3" [3]="4")\n');
  t('mapfile -u reads another descriptor', 'mapfile -u 3 -t a 3<<< "q"; declare -p a', 'declare -a a=([0]="q")\n');
  t('readarray is mapfile', 'readarray -t r <<< "x"; declare -p r', 'declare -a r=([0]="x")\n');
  t('mapfile of empty input gives an empty array', 'mapfile -t a < /dev/null; declare -p a; echo $?', 'declare -a a=()\n0\n');
  t('mapfile with a bad option', 'mapfile -q 2>/dev/null; echo $?', '2\n');
  t('mapfile into a readonly variable fails', 'readonly r; mapfile r <<< x 2>/dev/null; echo $?', '1\n');
  t('mapfile turns a scalar into an array', 'x=1; mapfile x <<< "a"; declare -p x', "declare -a x=([0]=$'a\\n')\n");
  t('mapfile -n 1 leaves the rest of the input', "printf '1\\n2\\n3\\n' | { mapfile -n 1 -t a; cat; declare -p a; }", '2\n3\ndeclare -a a=([0]="1")\n');
  t('mapfile from a file with a last line without newline', "printf 'a\\nb' > f.txt; mapfile -t l < f.txt; echo \"${#l[@]} [${l[1]}]\"", '2 [b]\n');
  t('mapfile from process substitution', "mapfile -t l < <(printf 'p\\nq\\n'); echo \"${l[*]}\"", 'p q\n');
  t('mapfile -t with CRLF keeps the CR', "printf 'a\\r\\nb\\r\\n' | { mapfile -t l; printf '%q\\n' \"${l[@]}\"; }", "$'a\\r'\n$'b\\r'\n");
  t('mapfile of a long input counts lines', 'seq 1000 | { mapfile -t l; echo "${#l[@]} ${l[999]}"; }', '1000 1000\n');
  t('mapfile -c 0 is invalid', 'mapfile -c 0 -C echo a <<< x 2>/dev/null; echo $?', '1\n');
  t('mapfile invalid array name', 'mapfile 1x <<< x 2>/dev/null; echo $?', '1\n');
}
