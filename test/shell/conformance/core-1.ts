// Conformance cases: quoting, parameters and expansions, pipelines, redirections, control flow.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- quoting
{
  const t = section('quoting');
  t('single quotes keep everything', "echo 'a  $X  `b`  \\n'", 'a  $X  `b`  \\n\n');
  t('double quotes keep spaces, expand vars', 'X=v; echo "a  $X  b"', 'a  v  b\n');
  t('unquoted words collapse spaces', 'echo a    b\t\tc', 'a b c\n');
  t('single quote inside single quotes', "echo 'it'\\''s'", "it's\n");
  t('backslash escapes in double quotes', 'echo "a\\"b" "a\\$b" "a\\\\b" "a\\`b"', 'a"b a$b a\\b a`b\n');
  t('backslash kept before ordinary char in dq', 'echo "a\\nb" "\\a" "\\\'"', "a\\nb \\a \\'\n");
  t('backslash outside quotes', "echo \\a\\b\\\\c \\$X \\'q\\' a\\ b", "ab\\c $X 'q' a b\n");
  t('adjacent quoted parts concatenate', 'X=mid; echo pre"$X"\'$X\'post', 'premid$Xpost\n');
  t('mixed quote chars', `echo '"' "'" "'"'"'`, `" ' '"\n`);
  t('empty string args count', "set -- \"\" a ''; echo $#", '3\n');
  t('empty string args printed', "printf '[%s]' \"\" a ''; echo", '[][a][]\n');
  t('echo empty string', 'echo ""', '\n');
  t('comment at word start', 'echo a #b c', 'a\n');
  t('hash inside a word is literal', "echo a#b '#c' \\#d \"#e\"", 'a#b #c #d #e\n');
  t('comment lines in multi-line script', '# leading comment\necho x # trailing\n  # indented comment\necho y', 'x\ny\n');
  t('line continuation joins a word', 'echo a\\\nb', 'ab\n');
  t('line continuation between words', 'echo one \\\n   two', 'one two\n');
  t('line continuation in double quotes', 'echo "a\\\nb"', 'ab\n');
  t('newline inside single quotes', "echo 'a\nb'", 'a\nb\n');
  t('backslash-newline kept in single quotes', "echo 'a\\\nb'", 'a\\\nb\n');
  t('multi-line script with blank lines', 'x=1\ny=2\n\n\necho $x$y\n', '12\n');
  t('ansi-c quoting', "echo $'a\\tb' $'it\\'s' $'x\\ny'", "a\tb it's x\ny\n");
  t('quoted var vs unquoted var', "X='a   b'; echo $X; echo \"$X\"", 'a b\na   b\n');
  t('quoted reserved word is a command', "'if' 2>/dev/null; echo $?", '127\n');
  t('reserved words as arguments', 'echo if then fi done', 'if then fi done\n');
  t('double backslash then var in dq', 'X=v; echo "\\\\$X"', '\\v\n');
  t('utf-8 passes through', "echo 'héllo wörld ✓'", 'héllo wörld ✓\n');
  t('dollar at end of word is literal', 'echo $ a$ "$"', '$ a$ $\n');
  t('semicolons and newlines both separate', 'echo a; echo b\necho c', 'a\nb\nc\n');
}

// ---------------------------------------------------------------- parameters
{
  const t = section('parameters');
  t('simple and braced', 'X=hello; echo $X ${X}world', 'hello helloworld\n');
  t('name ends at non-name char', 'X=hello; echo "[$Xworld]" $X.txt ${X}_s "[$X_s]"', '[] hello.txt hello_s []\n');
  t('colon-dash default', 'unset X; echo ${X:-d}; X=; echo ${X:-d}; X=v; echo ${X:-d}', 'd\nd\nv\n');
  t('dash default (set but empty kept)', 'unset X; echo "[${X-d}]"; X=; echo "[${X-d}]"; X=v; echo "[${X-d}]"', '[d]\n[]\n[v]\n');
  t('colon-equals assigns', 'unset X; echo ${X:=d}; echo $X; X=; echo ${X:=e} $X', 'd\nd\ne e\n');
  t('equals assigns only if unset', 'unset X; echo ${X=d} $X; X=; echo "[${X=e}]" "[$X]"', 'd d\n[] []\n');
  t('colon idiom for defaults', ': ${PORT:=8080}; echo $PORT', '8080\n');
  t('colon-plus alternate', 'unset X; echo "[${X:+a}]"; X=; echo "[${X:+a}]"; X=v; echo "[${X:+a}]"', '[]\n[]\n[a]\n');
  t('plus alternate', 'unset X; echo "[${X+a}]"; X=; echo "[${X+a}]"; X=v; echo "[${X+a}]"', '[]\n[a]\n[a]\n');
  t('colon-question set passes', 'X=v; echo ${X:?no}', 'v\n');
  t('colon-question unset aborts shell', 'echo start; echo ${X:?oops}; echo after', 'start\n', 127);
  t('colon-question empty aborts shell', 'X=; echo ${X:?oops}; echo after', '', 127);
  t('question allows empty', 'X=; echo "[${X?m}]"', '[]\n');
  t('colon-question in subshell is status 1', '( echo ${X:?m} ); echo $?', '1\n');
  t('length', 'X=hello; echo ${#X}; Y=; echo ${#Y}; echo ${#NOPE}', '5\n0\n0\n');
  t('length counts characters not bytes', 'X=héllo; echo ${#X}', '5\n');
  t('length of astral char is 1', "X='😀'; echo ${#X}", '1\n');
  t('last status', 'false; echo $?; true; echo $?', '1\n0\n');
  t('pid is a number', "case $$ in ''|*[!0-9]*) echo bad;; *) echo num;; esac", 'num\n');
  t('pid same in subshell', 'a=$$; ( [ "$a" = "$$" ] && echo same ); [ "$(echo $$)" = "$a" ] && echo same2', 'same\nsame2\n');
  t('bang is last background pid', "sleep 0 & p=$!; wait; case $p in ''|*[!0-9]*) echo bad;; *) echo num;; esac", 'num\n');
  t('bang empty before any job', 'echo "[$!]"', '[]\n');
  t('arg count', 'echo $#', '2\n', 0, { args: ['n', 'a', 'b c'] });
  t('zero is the name arg', 'echo $0 $1', 'myname x\n', 0, { args: ['myname', 'x'] });
  t('positional 1 to 9 and braces for 10', 'echo $1 $9 ${10} ${11} $10', 'a i j k a0\n', 0, { args: ['n', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'] });
  t('quoted at keeps args with spaces', 'for x in "$@"; do echo "[$x]"; done', '[a b]\n[c]\n', 0, { args: ['n', 'a b', 'c'] });
  t('unquoted at splits', 'for x in $@; do echo "[$x]"; done', '[a]\n[b]\n[c]\n', 0, { args: ['n', 'a b', 'c'] });
  t('unquoted star splits', 'for x in $*; do echo "[$x]"; done', '[a]\n[b]\n[c]\n', 0, { args: ['n', 'a b', 'c'] });
  t('quoted star joins with space', 'printf "[%s]\\n" "$*"', '[a b c]\n', 0, { args: ['n', 'a b', 'c'] });
  t('quoted star joins with first IFS char', 'IFS=,:; echo "$*"', 'a,b,c\n', 0, { args: ['n', 'a', 'b', 'c'] });
  t('quoted star with empty IFS', 'IFS=; echo "$*"', 'abc\n', 0, { args: ['n', 'a', 'b', 'c'] });
  t('quoted star with unset IFS', 'unset IFS; echo "$*"', 'a b c\n', 0, { args: ['n', 'a', 'b', 'c'] });
  t('quoted at with no args is no words', 'set -- "$@"; echo $#; for x in "$@"; do echo no; done; echo done', '0\ndone\n', 0, { args: ['n'] });
  t('quoted star with no args is one word', 'set -- "$*"; echo $#', '1\n', 0, { args: ['n'] });
  t('prefix and suffix on quoted at', 'for i in "x$@y"; do echo "<$i>"; done', '<xa>\n<by>\n', 0, { args: ['n', 'a', 'b'] });
  t('default IFS splitting trims and collapses', "X='  a   b\t\tc '; set -- $X; echo $#; echo \"$1|$3\"", '3\na|c\n');
  t('newline splits by default', "X='a\nb'; set -- $X; echo $#", '2\n');
  t('custom IFS keeps empty fields', "IFS=,; X='a,b,,c'; for i in $X; do echo \"[$i]\"; done", '[a]\n[b]\n[]\n[c]\n');
  t('custom IFS leading vs trailing separator', "IFS=:; X=':a:'; set -- $X; echo $#; printf '[%s]' \"$@\"; echo", '2\n[][a]\n');
  t('IFS whitespace around non-whitespace sep', "IFS=' :'; X='a : b'; set -- $X; echo $#", '2\n');
  t('IFS does not split literal words', 'IFS=,; echo a,b', 'a,b\n');
  t('empty IFS disables splitting', "IFS=; X='a b'; set -- $X; echo $#", '1\n');
  t('empty unquoted var vanishes', 'X=; set -- a $X b; echo $#; set -- a "$X" b; echo $#', '2\n3\n');
  t('unset unquoted var vanishes', 'echo a $NOPE b', 'a b\n');
  t('quoted default word stays one field', 'unset X; set -- ${X:-"a b"}; echo $#', '1\n');
  t('unquoted default word splits', 'unset X; printf "[%s]" ${X:-a b}; echo', '[a][b]\n');
  t('default word with var', 'Y=why; echo ${X:-$Y}', 'why\n');
  t('default word with cmdsubst', 'echo ${X:-$(echo cmd)}', 'cmd\n');
  t('default word not evaluated when set', 'X=v; : ${X:-$(touch made)}; [ -e made ] && echo made || echo lazy', 'lazy\n');
  t('indirect expansion', 'n=target; target=hit; echo ${!n}', 'hit\n');
}

// ---------------------------------------------------------------- param-ops
{
  const t = section('param-ops');
  const P = 'X=path/to/file.tar.gz; ';
  t('hash shortest prefix', P + 'echo ${X#*/}', 'to/file.tar.gz\n');
  t('double hash longest prefix', P + 'echo ${X##*/}', 'file.tar.gz\n');
  t('percent shortest suffix', P + 'echo ${X%/*} ${X%.*}', 'path/to path/to/file.tar\n');
  t('double percent longest suffix', P + 'echo ${X%%/*} ${X%%.*}', 'path path/to/file\n');
  t('non-matching pattern leaves value', P + 'echo ${X#nomatch} ${X%zz}', 'path/to/file.tar.gz path/to/file.tar.gz\n');
  t('strip on positional', 'echo ${1%.txt}', 'file\n', 0, { args: ['n', 'file.txt'] });
  t('replace first', 'X=banana; echo ${X/a/o}', 'bonana\n');
  t('replace all', 'X=banana; echo ${X//a/o}', 'bonono\n');
  t('delete first and all', 'X=banana; echo ${X/a} ${X//a}', 'bnana bnn\n');
  t('anchored replace', 'X=banana; echo ${X/#b/B} ${X/%a/A} ${X/#a/Z}', 'Banana bananA banana\n');
  t('replace with bracket class', 'X=banana; echo ${X//[an]/_}; Y=a1b22c; echo ${Y//[0-9]/}', 'b_____\nabc\n');
  t('replacement from variable', 'X=hello; r=L; echo ${X//l/$r}', 'heLLo\n');
  t('substring offset length', 'X=banana; echo ${X:1:2} ${X:2} ${X:0:1}', 'an nana b\n');
  t('substring negative offset needs space', 'X=banana; echo ${X: -3} ${X:1:-1}', 'ana anan\n');
  t('substring past end is empty', 'X=abc; echo "[${X:10}]"', '[]\n');
  t('substring counts characters', 'X=héllo; echo ${X:1:3}', 'éll\n');
  t('quoted pattern is literal', "X='a*b*c'; echo \"${X#a*}\" \"${X#\"a*\"}\"", '*b*c b*c\n');
  t('pattern from variable is a glob', "p='*.'; X=f.txt; echo ${X#$p}", 'txt\n');
  t('case modification', 'X=hello; Y=WORLD; echo ${X^^} ${Y,,} ${X^}', 'HELLO world Hello\n');
}

// ---------------------------------------------------------------- arith
{
  const t = section('arith');
  t('precedence and parens', 'echo $((1+2*3)) $(( (1+2)*3 )) $((10-4-3))', '7 9 3\n');
  t('division modulo power', 'echo $((7/2)) $((7%3)) $((2**10))', '3 1 1024\n');
  t('power is right associative', 'echo $((2**3**2))', '512\n');
  t('unary minus binds tighter than power', 'echo $((-2**2))', '4\n');
  t('division truncates toward zero', 'echo $((7 / -2)) $((-7 / 2)) $((-7 % 3))', '-3 -3 -1\n');
  t('comparisons', 'echo $((3<5)) $((3>5)) $((3==3)) $((3!=3)) $((3<=3)) $((3>=4))', '1 0 1 0 1 0\n');
  t('logical ops', 'echo $((1&&0)) $((1||0)) $((!0)) $((!7)) $((0||0))', '0 1 1 0 0\n');
  t('ternary', 'x=5; echo $(( x > 3 ? 10 : 20 )) $(( x > 9 ? 10 : 20 ))', '10 20\n');
  t('bitwise', 'echo $((5&3)) $((5|3)) $((5^3)) $((~5)) $((1<<4)) $((256>>2))', '1 7 6 -6 16 64\n');
  t('unary minus and plus', 'x=4; echo $((-x)) $((- -x)) $((+x))', '-4 4 4\n');
  t('variables with and without dollar', 'x=3; y=4; echo $((x*y)) $(($x+$y))', '12 7\n');
  t('unset variable is zero', 'echo $((nope+1))', '1\n');
  t('variable holding an expression', "x='1+2'; echo $((x*2)) $(($x*2))", '6 5\n');
  t('variable with spaces and sign', "x=' 4 '; y=-3; echo $((x+1)) $((y*y))", '5 9\n');
  t('assignment in expansion', 'echo $((x=5)) $x', '5 5\n');
  t('compound assignment', 'x=1; echo $((x+=2)); echo $x; echo $((x*=4)) $((x-=2)) $x', '3\n3\n12 10 10\n');
  t('increment decrement', 'x=5; echo $((x++)) $x $((++x)) $((x--)) $x', '5 6 7 7 6\n');
  t('number bases', 'echo $((010)) $((0x1f)) $((2#101)) $((16#ff))', '8 31 5 255\n');
  t('64-bit wraparound', 'echo $((9223372036854775807 + 1))', '-9223372036854775808\n');
  t('64-bit precision beyond 2^53', 'echo $((2**62)) $((9007199254740993)) $((9007199254740993 + 2))', '4611686018427387904 9007199254740993 9007199254740995\n');
  t('comma operator', 'echo $((1, 2))', '2\n');
  t('nested cmdsubst inside arith', 'echo $(( $(echo 3) * 2 ))', '6\n');
  t('arith result glued to text', 'X=z; echo $((1+2))$X', '3z\n');
  t('division by zero aborts the shell', 'echo $((1/0)); echo after', '', 1);
  t('modulo by zero aborts the shell', 'x=$((5%0)); echo after', '', 1);
  t('division by zero in subshell', '( echo $((1/0)) ); echo "st=$?"', 'st=1\n');
  t('arith syntax error aborts the shell', 'echo $((1+)); echo after', '', 1);
  t('dparen true status', '(( 3 > 1 )); echo $?', '0\n');
  t('dparen zero is status 1', '(( 0 )); echo $?; (( x = 0 )); echo $?', '1\n1\n');
  t('dparen in if', 'x=2; if (( x > 1 )); then echo big; fi', 'big\n');
  t('dparen post-increment from zero fails', 'x=0; ((x++)); echo $? $x; ((x++)); echo $? $x', '1 1\n0 2\n');
  t('dparen counter loop', 'i=0; while (( i < 3 )); do echo $i; ((i++)); done', '0\n1\n2\n');
  t('dparen division by zero is not fatal', '(( 1/0 )); echo $?', '1\n');
}

// ---------------------------------------------------------------- cmdsubst
{
  const t = section('cmdsubst');
  t('dollar-paren assign', 'x=$(echo hi); echo $x', 'hi\n');
  t('backticks assign', 'x=`echo hi`; echo $x', 'hi\n');
  t('trailing newlines stripped, inner kept', "x=$(printf 'a\\n\\nb\\n\\n\\n'); echo \"$x\"", 'a\n\nb\n');
  t('leading newlines kept', "x=$(printf '\\n\\na'); echo \"[$x]\"", '[\n\na]\n');
  t('nested dollar-paren', 'echo $(echo $(echo deep))', 'deep\n');
  t('nested backticks', 'echo `echo \\`echo inner\\``', 'inner\n');
  t('dollar-paren inside backticks', 'echo `echo $(echo mix)`', 'mix\n');
  t('backticks inside dollar-paren', 'echo $(echo `echo mix2`)', 'mix2\n');
  t('inner double quotes inside dq', 'echo "$(echo "a  b")"', 'a  b\n');
  t('inner quotes and vars inside dq', 'X=q; echo "pre $(echo "in $X" \'$lit\') post"', 'pre in q $lit post\n');
  t('unquoted result splits', "set -- $(echo 'a  b c'); echo $#", '3\n');
  t('quoted result is one word', "set -- \"$(echo 'a  b c')\"; echo $#", '1\n');
  t('status of assignment is subst status', 'x=$(exit 7); echo $?; x=$(false); echo $?', '7\n1\n');
  t('no variable leak', 'y=$(x=5; echo $x); echo "$y [$x]"', '5 []\n');
  t('exit inside does not exit parent', 'x=$(exit 3; echo no); echo "after [$x]"', 'after []\n');
  t('case with paren inside', 'echo $(case x in x) echo y;; esac)', 'y\n');
  t('comment with paren inside', 'x=$(\n  echo a # comment )\n)\necho $x', 'a\n');
  t('stderr not captured', 'x=$(echo out; echo err >&2); echo "[$x]"', '[out]\n');
  t('reads the shell stdin', 'x=$(cat); echo "[$x]"', '[from stdin]\n', 0, { stdin: 'from stdin\n' });
  t('empty subst vanishes', 'echo a $(true) b', 'a b\n');
  t('dollar-lt reads a file', 'x=$(<in.txt); echo "$x"', 'l1\nl2\n', 0, { files: { 'in.txt': 'l1\nl2\n\n' } });
  t('large output', 'x=$(seq 1 5000); echo ${#x}', '23892\n');
  t('function output captured', 'f() { echo cap; }; v=$(f); echo "<$v>"', '<cap>\n');
}

// ---------------------------------------------------------------- glob
{
  const t = section('glob');
  const F = { 'a.txt': '', 'b.txt': '', 'c.log': '', 'ab.txt': '' };
  t('star', 'echo *.txt', 'a.txt ab.txt b.txt\n', 0, { files: F });
  t('question mark', 'echo ?.txt', 'a.txt b.txt\n', 0, { files: F });
  t('bracket set and range', 'echo [ab].txt; echo [a-b]?.txt', 'a.txt b.txt\nab.txt\n', 0, { files: F });
  t('negated bracket', 'echo [!a]*; echo [^a]*', 'b.txt c.log\nb.txt c.log\n', 0, { files: F });
  t('no match stays literal', 'echo *.none nope? [z]', '*.none nope? [z]\n', 0, { files: F });
  t('quoted glob chars not expanded', "echo \"*.txt\" '*.txt' \\*.txt", '*.txt *.txt *.txt\n', 0, { files: F });
  t('partially quoted glob', 'echo "a"*', 'a.txt ab.txt\n', 0, { files: F });
  t('sorted in C.UTF-8 order', 'echo *', 'B Z a c\n', 0, { files: { c: '', a: '', B: '', Z: '' } });
  t('hidden files not matched by star', 'echo *', 'vis\n', 0, { files: { '.hidden': '', vis: '' } });
  t('dot-star skips dot and dotdot', 'echo .*; echo .h*', '.hidden\n.hidden\n', 0, { files: { '.hidden': '', vis: '' } });
  t('unquoted var glob expands', "x='*.txt'; echo $x; echo \"$x\"", 'a.txt ab.txt b.txt\n*.txt\n', 0, { files: F });
  t('glob in subdirectory', 'echo d/*; echo */a.txt', 'd/a.txt d/b.txt\nd/a.txt\n', 0, { files: { 'd/a.txt': '', 'd/b.txt': '' } });
  t('trailing slash matches dirs only', 'echo */', 'd1/ d2/\n', 0, { files: { 'd1/x': '', 'd2/y': '', f: '' } });
  t('assignment does not glob', 'x=*.txt; echo "$x"', '*.txt\n', 0, { files: F });
  t('cmdsubst result globs', "echo $(echo '*.log')", 'c.log\n', 0, { files: F });
  t('glob results are not split', 'for f in *.txt; do echo "[$f]"; done', '[a b.txt]\n', 0, { files: { 'a b.txt': '' } });
  t('glob count via set', 'set -- *.txt; echo $#', '3\n', 0, { files: F });
  t('lone bracket is literal', 'echo [ a[b', '[ a[b\n');
}

// ---------------------------------------------------------------- tilde
{
  const t = section('tilde');
  t('tilde is HOME', '[ ~ = "$HOME" ] && echo ok', 'ok\n');
  t('tilde slash path', '[ ~/x = "$HOME/x" ] && echo ok', 'ok\n');
  t('quoted tilde is literal', "echo \"~\" '~' \\~ a~ ~x~y", '~ ~ ~ a~ ~x~y\n');
  t('tilde in assignment value', 'x=~/d; [ "$x" = "$HOME/d" ] && echo ok', 'ok\n');
  t('tilde from variable not expanded', 'x="~"; echo $x', '~\n');
  t('tilde follows current HOME', 'HOME=/tmp/elsewhere; echo ~ ~/f', '/tmp/elsewhere /tmp/elsewhere/f\n');
}

// ---------------------------------------------------------------- pipelines
{
  const t = section('pipelines');
  t('simple pipe', 'echo hello | tr a-z A-Z', 'HELLO\n');
  t('three stages', "printf '3\\n1\\n2\\n' | sort | head -n 1", '1\n');
  t('status is last stage', 'false | true; echo $?; true | false; echo $?', '0\n1\n');
  t('negation', '! true; echo $?; ! false; echo $?', '1\n0\n');
  t('negation of whole pipeline', '! false | false; echo $?', '0\n');
  t('pipefail', 'set -o pipefail; false | true; echo $?; true | true; echo $?', '1\n0\n');
  t('pipefail rightmost failure', 'set -o pipefail; (exit 2) | (exit 3) | true; echo $?', '3\n');
  t('pipefail off again', 'set -o pipefail; set +o pipefail; false | true; echo $?', '0\n');
  t('pipe into group with read', "echo 'a b' | { read x y; echo \"$y-$x\"; }", 'b-a\n');
  t('last stage is a subshell', 'x=1; echo 2 | read x; echo $x', '1\n');
  t('while-read counter does not leak', "n=0; printf 'a\\nb\\n' | while read l; do n=$((n+1)); done; echo $n", '0\n');
  t('producer killed by SIGPIPE', 'yes | head -n 2; echo $?', 'y\ny\n0\n');
  t('stderr bypasses the pipe', '{ echo out; echo err >&2; } | tr a-z A-Z', 'OUT\n');
  t('stderr into pipe with 2>&1', '{ echo out; echo err >&2; } 2>&1 | sort', 'err\nout\n');
  t('loop output into pipe', "for i in 3 1 2; do echo $i; done | sort -n | tr '\\n' ' '; echo", '1 2 3 \n');
  t('newline after pipe continues', 'echo a |\n  tr a b', 'b\n');
  t('large data through pipe', 'seq 1 20000 | tail -n 1', '20000\n');
  t('script stdin reaches first stage', 'cat | wc -l', '2\n', 0, { stdin: 'x\ny\n' });
  t('exit in a stage does not exit shell', 'exit 3 | true; echo still', 'still\n');
  t('command not found mid pipeline', 'nope_cmd_zz 2>/dev/null | echo ok; echo $?', 'ok\n0\n');
}

// ---------------------------------------------------------------- lists
{
  const t = section('lists');
  t('and list', 'true && echo a; false && echo b; echo $?', 'a\n1\n');
  t('or list', 'false || echo c; true || echo d', 'c\n');
  t('and-or chain', 'false && echo x || echo y; true || false && echo z', 'y\nz\n');
  t('status of script is last command', 'true; false', '', 1);
  t('background then wait', 'echo bg > f & wait; cat f', 'bg\n');
  t('wait pid returns job status', '(exit 3) & wait $!; echo $?', '3\n');
  t('wait without jobs', 'wait; echo $?', '0\n');
  t('several background jobs', 'for i in 1 2 3; do (echo $i > f$i) & done; wait; cat f1 f2 f3', '1\n2\n3\n');
  t('ampersand separates commands', 'true & echo fg; wait', 'fg\n');
  t('newline after and-and continues', 'true &&\necho yes', 'yes\n');
}

// ---------------------------------------------------------------- subshells
{
  const t = section('subshells');
  t('subshell vars do not leak', 'x=1; (x=2; echo $x); echo $x', '2\n1\n');
  t('exit in subshell', '(exit 5); echo $?; (exit 6; echo no); echo after', '5\nafter\n');
  t('group vars leak', 'x=1; { x=2; }; echo $x', '2\n');
  t('group output piped', '{ echo a; echo b; } | wc -l', '2\n');
  t('cd in subshell does not leak', '( cd / ); [ "$PWD" = "$HOME" ] && echo same; (cd /; pwd)', 'same\n/\n');
  t('exit in group exits shell', '{ exit 4; }; echo no', '', 4);
  t('set -e in subshell', '(set -e; false; echo no); echo $?', '1\n');
  t('nested subshells', '( (echo deep) )', 'deep\n');
  t('functions defined in subshell do not leak', '(f() { echo f; }); f 2>/dev/null; echo $?', '127\n');
  t('subshell status is last command', '(true; false); echo $?', '1\n');
}

// ---------------------------------------------------------------- redirects
{
  const t = section('redirects');
  const IN = { 'in.txt': 'line1\nline2\n' };
  t('stdout to file', 'echo hi > f; cat f', 'hi\n');
  t('truncate on second write', 'echo a > f; echo b > f; cat f', 'b\n');
  t('append', 'echo a > f; echo b >> f; cat f', 'a\nb\n');
  t('append creates file', 'echo a >> new; cat new', 'a\n');
  t('stdin from file', 'wc -l < in.txt', '2\n', 0, { files: IN });
  t('stderr to file', '{ echo out; echo err >&2; } 2> e; echo ---; cat e', 'out\n---\nerr\n');
  t('stderr to dev null', 'cat nope 2>/dev/null; echo $?', '1\n');
  t('both to file in order', '{ echo out; echo err >&2; } > f 2>&1; cat f', 'out\nerr\n');
  t('dup before file redirect', '{ echo out; echo err >&2; } 2>&1 > f; echo ---; cat f', 'err\n---\nout\n');
  t('redirect stdout to stderr', 'echo to-err >&2; echo to-err1 1>&2; echo to-out', 'to-out\n');
  t('ampersand-greater', '{ echo a; echo b >&2; } &> f; cat f', 'a\nb\n');
  t('redirection order with dev null', '{ echo x 2>/dev/null >&2; echo y >&2 2>/dev/null; } 2>&1', 'y\n');
  t('redirect on group', '{ echo a; echo b; } > f; cat f', 'a\nb\n');
  t('redirect on for loop', 'for i in 1 2; do echo $i; done > f; cat f', '1\n2\n');
  t('redirect into while loop', 'while read l; do echo "[$l]"; done < in.txt', '[line1]\n[line2]\n', 0, { files: IN });
  t('redirect on if', 'if true; then echo y; fi > o; echo ---; cat o', '---\ny\n');
  t('redirect on function definition', 'f() { echo in-f; } > f.out; f; echo ---; cat f.out', '---\nin-f\n');
  t('redirect on function call', 'f() { echo x; }; f > o; cat o', 'x\n');
  t('missing input file skips command', 'echo ran < missing; echo $?', '1\n');
  t('unwritable output path', 'echo hi > /nonexistent_dir_zz/x; echo $?', '1\n');
  t('redirect before command', '> f echo hi; cat f', 'hi\n');
  t('redirect between args', 'echo a > f b; cat f', 'a b\n');
  t('fd 3 via exec', 'exec 3> f; echo hi >&3; exec 3>&-; cat f', 'hi\n');
  t('exec redirects rest of script', 'exec 3>&1; exec > f; echo in-file; exec 1>&3; echo back; cat f', 'back\nin-file\n');
  t('read from numbered fd', 'exec 4< in.txt; read a <&4; read b <&4; echo $b $a', 'line2 line1\n', 0, { files: IN });
  t('filename from variable', 'n=out; echo x > "$n.txt"; cat out.txt', 'x\n');
  t('in and out together', 'cat < in.txt > out.txt; cat out.txt', 'line1\nline2\n', 0, { files: IN });
  t('colon truncates', ': > f; wc -c < f', '0\n', 0, { files: { f: 'old content\n' } });
  t('not-found message honours redirect', 'nope_cmd_zz 2> e; echo $?; wc -l < e', '127\n1\n');
  t('here-string', 'X=v; cat <<< "hi $X"; wc -c <<< abc', 'hi v\n4\n');
  t('here-string into read', "read a b <<< 'x y'; echo $b $a", 'y x\n');
}

// ---------------------------------------------------------------- heredoc
{
  const t = section('heredoc');
  t('basic', 'cat <<EOF\nhello\nworld\nEOF', 'hello\nworld\n');
  t('expands vars, cmdsubst, arith', 'X=v\ncat <<EOF\nx=$X $(echo cmd) $((1+1))\nEOF', 'x=v cmd 2\n');
  t('quoted delimiter is literal', "X=v\ncat <<'EOF'\n$X $(echo no) \\n `x`\nEOF", '$X $(echo no) \\n `x`\n');
  t('double-quoted delimiter is literal', 'cat <<"EOF"\n$HOME\nEOF', '$HOME\n');
  t('partly quoted delimiter is literal', 'cat <<E"O"F\n$HOME\nEOF', '$HOME\n');
  t('backslashes in unquoted body', 'cat <<EOF\na "$1" \\"q\\" \\$x \\\\ `echo bt`\nEOF', 'a "arg" \\"q\\" $x \\ bt\n', 0, { args: ['n', 'arg'] });
  t('line continuation in unquoted body', 'cat <<EOF\na\\\nb\nEOF', 'ab\n');
  t('no continuation in quoted body', "cat <<'EOF'\na\\\nb\nEOF", 'a\\\nb\n');
  t('dash strips leading tabs', 'cat <<-EOF\n\tindented\n\t\tmore\n\tEOF\necho end', 'indented\nmore\nend\n');
  t('dash does not strip spaces', 'cat <<-EOF\n  spaces\n\tEOF', '  spaces\n');
  t('feeds a while-read loop', 'while read a b; do echo "$b $a"; done <<EOF\n1 one\n2 two\nEOF', 'one 1\ntwo 2\n');
  t('two heredocs on one line', 'cat <<A; cat <<B\na\nA\nb\nB', 'a\nb\n');
  t('heredoc into pipeline', 'cat <<EOF | tr a-z A-Z\nabc\nEOF', 'ABC\n');
  t('commands after heredoc on same line', 'cat <<EOF; echo after\nbody\nEOF', 'body\nafter\n');
  t('heredoc in function', 'f() {\ncat <<EOF\nin $1\nEOF\n}\nf x', 'in x\n');
  t('heredoc in loop body', 'for i in 1 2; do\ncat <<EOF\nitem $i\nEOF\ndone', 'item 1\nitem 2\n');
  t('empty body', 'cat <<EOF\nEOF\necho end', 'end\n');
  t('delimiter must be the whole line', 'cat <<EOF\n EOF\nEOF \nEOF', ' EOF\nEOF \n');
  t('heredoc to read', 'read x <<EOF\nhello there\nEOF\necho "$x"', 'hello there\n');
  t('heredoc with output redirect', 'cat > f <<EOF\nx\nEOF\ncat f', 'x\n');
  t('heredoc inside cmdsubst', 'x=$(cat <<EOF\ninner\nEOF\n)\necho "$x"', 'inner\n');
  t('unterminated heredoc runs to end', 'cat <<EOF\nabc', 'abc\n');
  t('double quotes in body are literal', 'X=v; cat <<EOF\n"$X" \'$X\'\nEOF', '"v" \'v\'\n');
}

// ---------------------------------------------------------------- control
{
  const t = section('control');
  t('if elif else', 'for x in 1 2 3; do if [ $x = 1 ]; then echo one; elif [ $x = 2 ]; then echo two; else echo other; fi; done', 'one\ntwo\nother\n');
  t('multi-line if', 'if true\nthen\n  echo yes\nfi', 'yes\n');
  t('if without branch taken is status 0', 'if false; then :; fi; echo $?', '0\n');
  t('if status is last in branch', 'if true; then (exit 3); fi; echo $?', '3\n');
  t('if condition is a list', 'if false; true; then echo y; fi', 'y\n');
  t('if with negation', 'if ! false; then echo neg; fi', 'neg\n');
  t('while counter', 'i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done', '0\n1\n2\n');
  t('until', 'i=0; until [ $i -ge 3 ]; do echo $i; i=$((i+1)); done', '0\n1\n2\n');
  t('while false status', 'while false; do :; done; echo $?', '0\n');
  t('for in list', 'for i in a b c; do echo $i; done', 'a\nb\nc\n');
  t('for over glob', 'for f in *.txt; do echo $f; done', 'a.txt\nb.txt\n', 0, { files: { 'a.txt': '', 'b.txt': '', 'c.log': '' } });
  t('for over unmatched glob', 'for f in *.none; do echo "$f"; done', '*.none\n');
  t('for over quoted at', 'for a in "$@"; do echo "[$a]"; done', '[x y]\n[z]\n', 0, { args: ['n', 'x y', 'z'] });
  t('for without in', 'for a; do echo "[$a]"; done', '[x y]\n[z]\n', 0, { args: ['n', 'x y', 'z'] });
  t('for over empty list', 'for i in; do echo no; done; echo $?', '0\n');
  t('for over split variable', "L='x y  z'; for i in $L; do echo $i; done", 'x\ny\nz\n');
  t('loop variable persists', 'for i in 1 2 3; do :; done; echo $i', '3\n');
  t('c-style for', 'for ((i=0; i<3; i++)); do echo $i; done', '0\n1\n2\n');
  t('multi-line for', 'for i in 1 2\ndo\n  echo $i\ndone', '1\n2\n');
  t('case glob', 'case abc in a*) echo A;; *) echo other;; esac', 'A\n');
  t('case alternatives', 'for v in a x q; do case $v in a|x|y) echo yes;; *) echo no;; esac; done', 'yes\nyes\nno\n');
  t('case bracket and question', 'case b in [abc]) echo class;; esac; case ab in ?) echo one;; ??) echo two;; esac', 'class\ntwo\n');
  t('case no match status 0', 'false; case z in a) echo a;; esac; echo $?', '0\n');
  t('case quoted pattern is literal', 'case abc in "a*") echo lit;; a*) echo glob;; esac; case "a*" in "a*") echo lit2;; esac', 'glob\nlit2\n');
  t('case pattern from variable', "p='a*'; case abc in $p) echo m;; esac", 'm\n');
  t('case empty string', "x=; case \"$x\" in '') echo empty;; *) echo full;; esac", 'empty\n');
  t('case with leading paren', 'case a in (a) echo paren;; esac', 'paren\n');
  t('case last branch without double semicolon', 'case a in a) echo last\nesac', 'last\n');
  t('case multi-line', 'case "$1" in\n  start)\n    echo starting\n    ;;\n  *)\n    echo usage\n    ;;\nesac', 'starting\n', 0, { args: ['n', 'start'] });
  t('case status is branch status', 'case a in a) (exit 4);; esac; echo $?', '4\n');
  t('break', 'for i in 1 2 3; do [ $i = 2 ] && break; echo $i; done', '1\n');
  t('continue', 'for i in 1 2 3; do [ $i = 2 ] && continue; echo $i; done', '1\n3\n');
  t('break 2', 'for i in 1 2; do for j in a b; do [ $j = b ] && break 2; echo $i$j; done; done; echo end', '1a\nend\n');
  t('continue 2', 'for i in 1 2; do for j in a b; do [ $j = b ] && continue 2; echo $i$j; done; echo never; done', '1a\n2a\n');
  t('while true with break', 'n=0; while true; do n=$((n+1)); [ $n -ge 5 ] && break; done; echo $n', '5\n');
  t('break out of while-read', 'while read l; do [ "$l" = stop ] && break; echo $l; done', 'a\n', 0, { stdin: 'a\nstop\nb\n' });
}
