// The shell conformance table. Each case runs as `SHELL -c script [args...]`
// in a fresh temp dir (HOME = that dir, LANG=C.UTF-8, fixed PATH, stdin from
// `stdin` or empty) through real bash 5.2 AND through aosh; stdout and exit
// status must match exactly. See conformance.test.ts for the runner.
//
// Every expectation here was recorded by running bash 5.2.15. Keep cases
// deterministic: no times, no raw pids, nothing outside coreutils/sh/env.

export interface ConformanceCase {
  name: string; // short, unique (must not contain "bash"/"aosh": the runner filters on those prefixes)
  group: string;
  script: string; // run as: SHELL -c script
  stdout: string; // exact expected stdout
  status: number; // expected exit status
  args?: string[]; // after -c script: [name, arg1, ...] => $0, $1...
  stdin?: string; // piped stdin (else empty, not a tty)
  files?: Record<string, string>; // created (mode 0644) in the temp dir before running
  aoshDiffers?: { reason: string; stdout?: string; status?: number }; // aosh deliberately differs
  bashOnly?: never;
}

export const GROUPS = [
  'quoting',
  'parameters',
  'param-ops',
  'arith',
  'cmdsubst',
  'glob',
  'tilde',
  'pipelines',
  'lists',
  'subshells',
  'redirects',
  'heredoc',
  'control',
  'functions',
  'builtins',
  'read',
  'test',
  'status',
  'set-e',
  'syntax-errors',
  'assignments',
  'brace',
  'arrays',
] as const;
export type Group = (typeof GROUPS)[number];

type Extra = Pick<ConformanceCase, 'args' | 'stdin' | 'files' | 'aoshDiffers'>;

export const CASES: ConformanceCase[] = [];

function section(group: Group) {
  return (name: string, script: string, stdout: string, status = 0, extra: Extra = {}): void => {
    CASES.push({ name, group, script, stdout, status, ...extra });
  };
}

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

// ---------------------------------------------------------------- functions
{
  const t = section('functions');
  t('args and count', "f() { echo \"f:$1:$#\"; }; f a 'b c'", 'f:a:2\n');
  t('function keyword', 'function g { echo g; }; g', 'g\n');
  t('function keyword with parens', 'function h() { echo h; }; h', 'h\n');
  t('return N', 'f() { return 3; }; f; echo $?', '3\n');
  t('bare return keeps last status', 'f() { false; return; }; f; echo $?', '1\n');
  t('falling off the end', 'f() { false; }; f; echo $?', '1\n');
  t('recursion', 'fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }; fact 5', '120\n');
  t('local', 'x=1; f() { local x=2; echo $x; }; f; echo $x', '2\n1\n');
  t('local without value is empty', 'x=1; f() { local x; echo "[$x]"; }; f; echo $x', '[]\n1\n');
  t('assignment without local is global', 'f() { y=in; }; f; echo $y', 'in\n');
  t('dynamic scoping', 'x=out; g() { echo $x; }; f() { local x=in; g; }; f; g', 'in\nout\n');
  t('positionals restored after call', 'f() { echo $1 $#; }; f inner; echo $1 $#', 'inner 1\ntop 1\n', 0, { args: ['n', 'top'] });
  t('zero inside function', 'f() { echo $0; }; f', 'myname\n', 0, { args: ['myname'] });
  t('quoted at in function', "f() { for a in \"$@\"; do echo \"[$a]\"; done; }; f 'x y' z", '[x y]\n[z]\n');
  t('no args inside function', 'f() { echo $#; }; f', '0\n', 0, { args: ['n', 'a', 'b'] });
  t('redefinition', 'f() { echo 1; }; f() { echo 2; }; f', '2\n');
  t('subshell body', 'x=1; f() ( x=2; echo in $x ); f; echo $x', 'in 2\n1\n');
  t('function in pipeline', 'f() { tr a-z A-Z; }; echo abc | f', 'ABC\n');
  t('call before definition', 'f 2>/dev/null; echo $?; f() { :; }', '127\n');
  t('return from inside loop', 'f() { for i in 1 2 3; do [ $i = 2 ] && return 7; echo $i; done; }; f; echo $?', '1\n7\n');
  t('unset -f', 'f() { echo f; }; unset -f f; f 2>/dev/null; echo $?', '127\n');
  t('function overrides external command', 'ls() { echo fake; }; ls', 'fake\n');
  t('name with dash', 'my-func() { echo ok; }; my-func', 'ok\n');
  t('exit in function exits shell', 'f() { exit 6; }; f; echo no', '', 6);
  t('set -- inside function is local to call', 'f() { set -- x y z; echo $#; }; f; echo $#', '3\n1\n', 0, { args: ['n', 'a'] });
  t('multi-line definition', 'greet()\n{\n  echo "hello $1"\n}\ngreet you', 'hello you\n');
}

// ---------------------------------------------------------------- builtins
{
  const t = section('builtins');
  t('cd then pwd', 'mkdir -p d/e; cd d/e; basename "$(pwd)"', 'e\n');
  t('cd without args goes home', 'mkdir d; cd d; cd; [ "$(pwd)" = "$HOME" ] && echo home', 'home\n');
  t('cd dotdot', 'mkdir d; cd d; cd ..; [ "$PWD" = "$HOME" ] && echo up', 'up\n');
  t('cd failure status', 'cd nonexist; echo $?', '1\n');
  t('cd dash', 'mkdir a b; cd a; cd ../b; cd - >/dev/null; basename "$PWD"', 'a\n');
  t('PWD and OLDPWD updated', 'mkdir d; cd d; basename "$PWD"; [ "$OLDPWD" = "$HOME" ] && echo ok', 'd\nok\n');
  t('pwd equals PWD', '[ "$(pwd)" = "$PWD" ] && echo ok', 'ok\n');
  t('cd affects children and relative paths', "mkdir d; cd d; sh -c 'basename \"$(pwd)\"'; echo x > f; cd ..; cat d/f", 'd\nx\n');
  t('echo -n', 'echo -n a; echo b', 'ab\n');
  t('echo -e escapes', "echo -e 'a\\tb' 'x\\x41\\0102'", 'a\tb xAB\n');
  t('echo without -e keeps backslashes', "echo 'a\\tb'", 'a\\tb\n');
  t('echo -e backslash-c stops output', "echo -e 'a\\cb'; echo x", 'ax\n');
  t('echo option edge cases', 'echo -- a; echo -x; echo -n; echo -nx a; echo -n -e "b\\n"', '-- a\n-x\n-nx a\nb\n');
  t('echo -n from variable', 'x=-n; echo $x hi; echo', 'hi\n');
  t('printf reuses format', "printf '%s\\n' a b c; printf '%s-' a b c; echo", 'a\nb\nc\na-b-c-\n');
  t('printf integers', "printf '%d %d\\n' 42 -7; printf '%d\\n' 010 0x10", '42 -7\n8\n16\n');
  t('printf widths', "printf '%5s|%-5s|%3d|%-3d|%03d|%+d\\n' ab cd 5 5 7 5", '   ab|cd   |  5|5  |007|+5\n');
  t('printf hex octal char percent', "printf '%x %X %o %c %%\\n' 255 255 8 hello", 'ff FF 10 h %\n');
  t('printf floats', "printf '%05.2f|%.1f|%5.1f|\\n' 3.14159 2.25 3.14159", '03.14|2.2|  3.1|\n');
  t('printf precision on string', "printf '%.3s\\n' abcdef", 'abc\n');
  t('printf missing args', "printf '%s %s|\\n' a; printf '%d %d\\n' 1 2 3", 'a |\n1 2\n3 0\n');
  t('printf invalid number', "printf '%d\\n' abc; echo $?", '0\n1\n');
  t('printf char code', "printf '%d\\n' \"'A\"", '65\n');
  t('printf b and format escapes', "printf '%b|a\\tb\\n' 'x\\ny'", 'x\ny|a\tb\n');
  t('printf no args prints format once', "printf '%s\\n'; printf 'no newline'; echo", '\nno newline\n');
  t('printf -v', "printf -v v '%03d' 5; echo $v", '005\n');
  t('export visible to child', "export X=1; sh -c 'echo $X'", '1\n');
  t('unexported not visible to child', "X=2; sh -c 'echo \"[$X]\"'", '[]\n');
  t('export existing variable', "X=3; export X; sh -c 'echo $X'", '3\n');
  t('exported var seen by env', "export X=4; env | grep '^X='", 'X=4\n');
  t('exported var later changed', "export X=1; X=2; sh -c 'echo $X'", '2\n');
  t('unset exported var', "export X=1; unset X; sh -c 'echo \"[$X]\"'", '[]\n');
  t('runner environment is passed', "sh -c 'echo $LANG'", 'C.UTF-8\n');
  t('unset variable', 'X=1; unset X; echo "[${X-unset}]"; unset NEVER; echo $?', '[unset]\n0\n');
  t('set -- replaces positionals', 'set -- a b c; echo $# $2; set -- -x y; echo $1; set --; echo $#', '3 b\n-x\n0\n');
  t('shift', 'set -- a b c; shift; echo $# $1; shift 2; echo $#', '2 b\n0\n');
  t('shift too far fails', 'set -- a; shift 5; echo $? $#', '1 1\n');
  t('exit N', 'echo a; exit 3; echo b', 'a\n', 3);
  t('exit uses last status', 'false; exit', '', 1);
  t('true false colon', 'true; echo $?; false; echo $?; :; echo $?; : ignored args; echo $?', '0\n1\n0\n0\n');
  t('eval', "eval 'echo $((1+2))'; cmd='echo a; echo b'; eval \"$cmd\"", '3\na\nb\n');
  t('eval double expansion', 'x=y; y=z; eval "echo \\$$x"; eval "v=\\$$x"; echo $v', 'z\nz\n');
  t('eval status', "eval false; echo $?; eval ''; echo $?", '1\n0\n');
  t('eval exit', "eval 'exit 4'; echo no", '', 4);
  const LIB = { 'lib.sh': 'greet() { echo "hi $1"; }\nLIBVAR=loaded\n' };
  t('dot sources a file', '. ./lib.sh; greet bob; echo $LIBVAR', 'hi bob\nloaded\n', 0, { files: LIB });
  t('source sources a file', 'source ./lib.sh; greet ann', 'hi ann\n', 0, { files: LIB });
  t('sourced file sees positionals', 'set -- first; . ./args.sh', 'first\n', 0, { files: { 'args.sh': 'echo "$1"\n' } });
  t('sourced file sets vars in current shell', 'X=1; . ./set.sh; echo $X', '2\n', 0, { files: { 'set.sh': 'X=2\n' } });
  t('return from sourced file', '. ./r.sh; echo $?', 'one\n3\n', 0, { files: { 'r.sh': 'echo one\nreturn 3\necho two\n' } });
  t('source missing file', '. ./missing 2>/dev/null; echo $?', '1\n');
  t('dot without slash finds file in cwd', '. lib.sh; greet cwd', 'hi cwd\n', 0, { files: LIB });
  t('command -v builtin and function', 'command -v echo; command -v cd; f() { :; }; command -v f', 'echo\ncd\nf\n');
  t('command -v not found', 'command -v nonexistent_cmd_zz; echo $?', '1\n');
  t('command -v external', 'command -v sh >/dev/null && echo found', 'found\n');
  t('command bypasses functions', 'echo() { builtin echo fn; }; echo x; command echo real', 'fn\nreal\n');
  t('type builtin', 'type echo', 'echo is a shell builtin\n');
  t('type function first line', 'f() { :; }; type f | head -n 1', 'f is a function\n');
  t('type -t', 'f() { :; }; type -t echo; type -t f; type -t if; type -t ls', 'builtin\nfunction\nkeyword\nfile\n');
  t('type not found', 'type nope_zz >/dev/null 2>&1; echo $?', '1\n');
  t('wait for background', '(sleep 0.1; echo bg) & wait; echo done', 'bg\ndone\n');
  t('wait returns 0 for all jobs', '(exit 1) & (exit 2) & wait; echo $?', '0\n');
  t('local outside function', 'local x=1; echo $?', '1\n');
  t('trap EXIT', "trap 'echo bye' EXIT; echo hi", 'hi\nbye\n');
  t('trap EXIT keeps exit status', "trap 'echo bye' EXIT; exit 3", 'bye\n', 3);
  t('exec replaces the shell', 'exec echo replaced; echo no', 'replaced\n');
  t('builtin keyword', 'builtin echo hi', 'hi\n');
  t('readonly assignment aborts', 'readonly X=1; X=2; echo after $X', '', 1);
  t('return outside function', 'return 2>/dev/null; echo $?', '2\n');
}

// ---------------------------------------------------------------- read
{
  const t = section('read');
  t('read a line', 'read x; echo "[$x]"', '[hello world]\n', 0, { stdin: 'hello world\n' });
  t('read splits into vars, rest to last', 'read a b; echo "$a|$b"', 'one|two three\n', 0, { stdin: 'one two three\n' });
  t('read with fewer fields', 'read a b c; echo "$a|$b|$c"', 'one|two|\n', 0, { stdin: 'one two\n' });
  t('read strips backslashes without -r', 'read x; echo "$x"', 'atb\n', 0, { stdin: 'a\\tb\n' });
  t('read -r keeps backslashes', 'read -r x; echo "$x"', 'a\\tb\n', 0, { stdin: 'a\\tb\n' });
  t('read joins continued lines without -r', 'read x; echo "$x"', 'abcd\n', 0, { stdin: 'ab\\\ncd\n' });
  t('IFS= read -r keeps whitespace', 'IFS= read -r l; echo "[$l]"; read -r m; echo "[$m]"', '[  lead  ]\n[x  y]\n', 0, { stdin: '  lead  \n  x  y  \n' });
  t('read at EOF is status 1', 'read x < /dev/null; echo $?', '1\n');
  t('read partial last line', 'read x; echo "$? $x"', '1 abc\n', 0, { stdin: 'abc' });
  t('while-read drops unterminated last line', 'while read l; do echo "[$l]"; done', '[a]\n', 0, { stdin: 'a\nb' });
  t('while-read idiom for last line', 'while read l || [ -n "$l" ]; do echo "[$l]"; done', '[a]\n[b]\n', 0, { stdin: 'a\nb' });
  t('read default REPLY', 'read; echo "$REPLY"', 'r\n', 0, { stdin: 'r\n' });
  t('read with custom IFS', "IFS=: read a b c <<< 'x:y:z'; echo $b", 'y\n');
  t('read consumes only one line', 'read a; read b; echo "$b $a"', 'l2 l1\n', 0, { stdin: 'l1\nl2\n' });
  t('read leaves rest for cat', 'read x; cat; echo "x=$x"', 'l2\nl3\nx=l1\n', 0, { stdin: 'l1\nl2\nl3\n' });
  t('while-read over stdin', 'while IFS= read -r line; do echo "<$line>"; done', '<a b>\n<>\n<c>\n', 0, { stdin: 'a b\n\nc\n' });
}

// ---------------------------------------------------------------- test
{
  const t = section('test');
  const F = { 'a.txt': 'x', empty: '', 'dir/f': '' };
  t('string emptiness', '[ -z "" ]; echo $?; [ -n x ]; echo $?; [ -z x ]; echo $?', '0\n0\n1\n');
  t('string equality', '[ a = a ]; echo $?; [ a != b ]; echo $?; [ a == a ]; echo $?; [ a = b ]; echo $?', '0\n0\n0\n1\n');
  t('numeric comparisons', '[ 2 -lt 10 ]; echo $?; [ 10 -le 10 ]; echo $?; [ 3 -gt 4 ]; echo $?; [ 3 -ge 3 ]; echo $?; [ 1 -eq 1 ]; echo $?; [ 1 -ne 1 ]; echo $?', '0\n0\n1\n0\n0\n1\n');
  t('numeric edge values', '[ -5 -lt 3 ]; echo $?; [ 01 -eq 1 ]; echo $?; [ 01 = 1 ]; echo $?', '0\n0\n1\n');
  t('string ordering is not numeric', '[ 2 \\< 10 ]; echo $?; [ abc \\> abb ]; echo $?', '1\n0\n');
  t('file tests', '[ -f a.txt ]; echo $?; [ -d dir ]; echo $?; [ -f dir ]; echo $?; [ -e nope ]; echo $?; [ -e dir/f ]; echo $?', '0\n0\n1\n1\n0\n', 0, { files: F });
  t('size and permission tests', '[ -s empty ]; echo $?; [ -s a.txt ]; echo $?; [ -r a.txt ]; echo $?; [ -x a.txt ]; echo $?; chmod +x a.txt; [ -x a.txt ]; echo $?', '1\n0\n0\n1\n0\n', 0, { files: F });
  t('negation and -a -o', '[ ! -f nope ]; echo $?; [ -f a.txt -a -d dir ]; echo $?; [ -f nope -o -f a.txt ]; echo $?', '0\n0\n0\n', 0, { files: F });
  t('one-argument forms', '[ x ]; echo $?; [ "" ]; echo $?; [ ]; echo $?', '0\n1\n1\n');
  t('unquoted empty var with -n is true', 'x=; [ -n $x ]; echo $?; [ -n "$x" ]; echo $?', '0\n1\n');
  t('non-integer operand is status 2', '[ 1 -eq a ]; echo $?', '2\n');
  t('missing bracket is status 2', '[ 1 = 1; echo $?', '2\n');
  t('test command', 'test 3 -gt 2 && echo yes; test -z "x" || echo no', 'yes\nno\n');
  t('dbracket no word splitting', "x='a b'; [[ $x = 'a b' ]] && echo eq; [[ -z $unset ]] && echo empty", 'eq\nempty\n');
  t('dbracket glob match', 'f=file.txt; [[ $f == *.txt ]]; echo $?; [[ $f == "*.txt" ]]; echo $?', '0\n1\n');
  t('dbracket pattern from variable', "y='a*'; [[ abc = $y ]] && echo pat; [[ abc = \"$y\" ]] || echo lit", 'pat\nlit\n');
  t('dbracket regex', "[[ abc =~ ^a.c$ ]]; echo $?; [[ xabcx =~ b ]]; echo $?; re='^[0-9]+$'; [[ 123 =~ $re ]]; echo $?; [[ 12a =~ $re ]]; echo $?", '0\n0\n0\n1\n');
  t('dbracket and or not', '[[ 1 -eq 1 && 2 -gt 1 ]]; echo $?; [[ -n "" || -z "" ]]; echo $?; [[ ! -e nope ]]; echo $?; [[ ( a = a ) && b = c ]]; echo $?', '0\n0\n0\n1\n');
  t('dbracket string vs numeric compare', '[[ 10 > 9 ]]; echo $?; [[ 10 -gt 9 ]]; echo $?; [[ a < b ]]; echo $?', '1\n0\n0\n');
  t('dbracket -eq evaluates arithmetic', 'x=3; [[ 5 -eq 2+x ]]; echo $?', '0\n');
  t('dbracket single string', '[[ x ]]; echo $?; [[ "" ]]; echo $?', '0\n1\n');
  t('dbracket -v', 'X=; [[ -v X ]]; echo $?; [[ -v NOPE ]]; echo $?', '0\n1\n');
}

// ---------------------------------------------------------------- status
{
  const t = section('status');
  t('command not found is 127', 'nonexistent_cmd_zz; echo $?', '127\n');
  t('command not found as script status', 'nonexistent_cmd_zz', '', 127);
  t('not executable is 126', './script.sh; echo $?', '126\n', 0, { files: { 'script.sh': '#!/bin/sh\necho hi\n' } });
  t('directory is 126', 'mkdir d; ./d; echo $?', '126\n');
  t('executable script runs', 'chmod +x s.sh; ./s.sh a; echo $?', 'hi a\n5\n', 0, { files: { 's.sh': '#!/bin/sh\necho hi "$1"\nexit 5\n' } });
  t('executable without shebang runs as a script', 'chmod +x nos; ./nos', 'via-fallback\n', 0, { files: { nos: 'echo via-fallback\n' } });
  t('killed by SIGKILL is 137', "sh -c 'kill -9 $$'; echo $?", '137\n');
  t('killed by SIGTERM is 143', "sh -c 'kill -TERM $$'; echo $?", '143\n');
  t('signal death as script status', "sh -c 'kill -TERM $$'", '', 143);
  t('child exit status', "sh -c 'exit 3'; echo $?", '3\n');
  t('exit 300 wraps to 44', 'exit 300', '', 44);
  t('exit 256 wraps to 0', 'exit 256', '', 0);
  t('exit -1 is 255', 'exit -1', '', 255);
  t('empty script', '', '', 0);
  t('comment-only script', '# nothing here\n', '', 0);
  t('status is reset by echo', 'false; echo $?; echo $?', '1\n0\n');
  t('assignment status is 0', 'false; x=1; echo $?', '0\n');
  t('assignment status from last cmdsubst', 'x=$(exit 4) y=2; echo $?', '4\n');
  t('negated not-found', '! nonexistent_cmd_zz 2>/dev/null; echo $?', '0\n');
  t('not found in and list', 'nonexistent_cmd_zz 2>/dev/null && echo no; echo $?', '127\n');
  t('failed redirect status', 'echo hi > /nonexistent_dir_zz/x; echo $?', '1\n');
}

// ---------------------------------------------------------------- set-e
{
  const t = section('set-e');
  t('exits on failure', 'set -e; false; echo no', '', 1);
  t('output before failure kept', 'set -e; echo a; false; echo b', 'a\n', 1);
  t('errexit long form', 'set -o errexit; false; echo no', '', 1);
  t('if condition exempt', 'set -e; if false; then :; fi; echo ok', 'ok\n');
  t('non-final and-list member exempt', 'set -e; false && true; echo ok', 'ok\n');
  t('final and-list member not exempt', 'set -e; true && false; echo no', '', 1);
  t('or-list exempt', 'set -e; false || true; echo ok', 'ok\n');
  t('negation exempt', 'set -e; ! true; echo ok', 'ok\n');
  t('while condition exempt', 'set -e; while false; do :; done; echo ok', 'ok\n');
  t('test-and idiom exempt', 'set -e; [ -f nope ] && echo x; echo ok', 'ok\n');
  t('subshell failure exits', 'set -e; (false); echo no', '', 1);
  t('subshell exit status propagates', 'set -e; (exit 3); echo no', '', 3);
  t('external failure exits', "set -e; sh -c 'exit 5'; echo no", '', 5);
  t('assignment from failing cmdsubst exits', 'set -e; x=$(false); echo no', '', 1);
  t('failing cmdsubst as argument does not exit', 'set -e; echo $(false) ok', 'ok\n');
  t('cmdsubst does not inherit errexit', 'set -e; x=$(false; echo inner); echo "[$x]"', '[inner]\n');
  t('ignored inside function called with or', 'set -e; f() { false; echo in; }; f || echo failed; echo end', 'in\nend\n');
  t('active inside plain function call', 'set -e; f() { false; echo in; }; f; echo no', '', 1);
  t('pipeline status is last stage', 'set -e; false | true; echo ok', 'ok\n');
  t('pipefail with errexit', 'set -eo pipefail; false | true; echo no', '', 1);
  t('set +e turns it off', 'set -e; set +e; false; echo ok', 'ok\n');
  t('dparen post-increment trap', 'set -e; x=0; ((x++)); echo no', '', 1);
  t('command not found exits', 'set -e; nonexistent_cmd_zz; echo no', '', 127);
  t('dollar-dash contains e', 'set -e; case $- in *e*) echo on;; esac; set +e; case $- in *e*) echo still;; *) echo off;; esac', 'on\noff\n');
  t('set -u unset var aborts', 'set -u; echo "$NOPE"; echo after', '', 127);
  t('set -u allows defaults', 'set -u; echo "${NOPE:-ok}"', 'ok\n');
}

// ---------------------------------------------------------------- syntax-errors
{
  const t = section('syntax-errors');
  t('unterminated if', 'if true; then', '', 2);
  t('open paren argument', 'echo (', '', 2);
  t('close paren argument', 'echo )', '', 2);
  t('stray fi', 'fi', '', 2);
  t('stray done', 'done', '', 2);
  t('for without name', 'for do', '', 2);
  t('unterminated single quote', "echo 'unterminated", '', 2);
  t('unterminated double quote', 'echo "unterminated', '', 2);
  t('unterminated case', 'case x in', '', 2);
  t('unterminated cmdsubst', 'echo $(', '', 2);
  t('unterminated brace param', 'echo ${X', '', 2);
  t('dangling and-and', 'echo a &&', '', 2);
  t('leading pipe', '| cat', '', 2);
  t('stray double semicolon', ';;', '', 2);
  t('group without semicolon', '{ echo a }', '', 2);
  t('unterminated while', 'while true; do', '', 2);
  t('empty subshell', '( )', '', 2);
  t('function body not compound', 'f() echo hi', '', 2);
  t('error later on same line runs nothing', 'echo a; echo b; fi', '', 2);
  t('error on later line runs earlier lines', 'echo a\nfi\necho c', 'a\n', 2);
  t('bad substitution is a runtime error', 'echo "${x y}"; echo after', '', 1);
}

// ---------------------------------------------------------------- assignments
{
  const t = section('assignments');
  t('prefix assignment only for the command', "X=a sh -c 'echo $X'; echo \"[$X]\"", 'a\n[]\n');
  t('prefix assignment on builtin is temporary', 'X=1; X=2 true; echo $X', '1\n');
  t('prefix assignment on function is temporary', 'f() { echo "in:$X"; }; X=tmp f; echo "out:[$X]"', 'in:tmp\nout:[]\n');
  t('prefix assignment in env', "X=pre env | grep '^X='", 'X=pre\n');
  t('assignment with expansions', 'a=hello; b="$a world"; echo $b', 'hello world\n');
  t('assignment does not split', "x='a   b'; y=$x; echo \"$y\"", 'a   b\n');
  t('assignments left to right', 'a=1 b=$a; echo $b', '1\n');
  t('plus-equals appends', 'a=1; a+=2; echo $a', '12\n');
  t('cmdsubst assignment keeps spaces', 'd=$(echo "hi   there"); echo "$d"', 'hi   there\n');
  t('assignment-looking argument', 'echo X=1', 'X=1\n');
  t('two assignments one line', 'X=1 Y=2; echo $X$Y', '12\n');
  t('prefix assignment with not-found command', 'x=a nonexistent_cmd_zz 2>/dev/null; echo $? "[$x]"', '127 []\n');
  t('underscore names', '_x1=ok; echo $_x1', 'ok\n');
}

// ---------------------------------------------------------------- brace expansion
{
  const t = section('brace');
  t('comma list', 'echo {a,b,c}', 'a b c\n');
  t('prefix and suffix', 'echo x{1,2}y', 'x1y x2y\n');
  t('numeric range', 'echo {1..5}', '1 2 3 4 5\n');
  t('descending range', 'echo {5..1}', '5 4 3 2 1\n');
  t('zero-padded range with step', 'echo {01..10..3}', '01 04 07 10\n');
  t('letter range', 'echo {a..e}', 'a b c d e\n');
  t('nested groups', 'echo {a,{b,c}}d', 'ad bd cd\n');
  t('product of groups', 'echo {1..3}{a,b}', '1a 1b 2a 2b 3a 3b\n');
  t('around a parameter', 'x=Q; echo {$x,y}', 'Q y\n');
  t('quoted braces are literal', 'echo "{a,b}" \'{c,d}\'', '{a,b} {c,d}\n');
  t('single item and empty braces are literal', 'echo {a} {} a{b', '{a} {} a{b\n');
  t('not in assignments', 'x={a,b}; echo "$x"', '{a,b}\n');
  t('mkdir with braces', 'mkdir -p d/{x,y}; ls d', 'x\ny\n');
  t('for loop over a range', 'for i in {1..3}; do printf %s $i; done; echo', '123\n');
}

// ---------------------------------------------------------------- getopts
{
  const t = section('builtins');
  t('getopts option loop', 'set -- -v -f out.txt rest; while getopts vf: o; do echo "$o ${OPTARG-}"; done; shift $((OPTIND-1)); echo "$@"', 'v \nf out.txt\nrest\n');
  t('getopts grouped options and unknown', 'set -- -abc -x; while getopts abc o; do echo "$o"; done 2>/dev/null; echo "ind $OPTIND"', 'a\nb\nc\n?\nind 3\n');
  t('getopts silent mode', 'set -- -fval -q; while getopts :f:v o; do echo "$o ${OPTARG-}"; done', 'f val\n? q\n');
  t('getopts missing argument silent', 'set -- -f; while getopts :f: o; do echo "$o ${OPTARG-}"; done', ': f\n');
  t('getopts in a function with OPTIND reset', 'f() { OPTIND=1; while getopts a o; do echo "f $o"; done; }; f -a; f -a', 'f a\nf a\n');
  t('getopts stops at --', 'set -- -a -- -b; while getopts ab o; do echo $o; done; echo $OPTIND', 'a\n3\n');
}

// ---------------------------------------------------------------- time
{
  const t = section('status');
  t('time keeps the status', 'time true; echo $?; time false; echo $?', '0\n1\n');
  t('time a pipeline', '{ time echo a | tr a b; } 2>/dev/null', 'b\n');
  t('time -p', '{ time -p sleep 0; } 2>&1 | grep -c "^real "', '1\n');
  t('time as an argument is a word', 'echo time', 'time\n');
}

// ---------------------------------------------------------------- compound stages that start processes
{
  const t = section('pipelines');
  t('group stage keeps writing after a process', '{ sleep 0; echo hi; } | cat', 'hi\n');
  t('function stage keeps writing after a process', 'f() { sleep 0; echo fn; }; f | cat', 'fn\n');
  t('loop stage with processes inside', 'printf "a\\nb\\n" | while read x; do sleep 0; echo "got $x"; done | cat', 'got a\ngot b\n');
  t('subshell stage with processes inside', '( true; echo sub ) | tr a-z A-Z', 'SUB\n');
}

// ---------------------------------------------------------------- positional slices
{
  const t = section('param-ops');
  t('slice of "$@"', 'set -- a b c d; echo "${@:2}"; echo "${@:2:2}"', 'b c d\nb c\n');
  t('slice keeps fields', 'set -- "a 1" b c; for x in "${@:1:2}"; do echo "[$x]"; done', '[a 1]\n[b]\n');
  t('last positional', 'set -- a b c; echo "${@: -1}"', 'c\n');
  t('slice in a function', 'f() { echo "${@:1:1}"; }; f x y', 'x\n');
}

// ---------------------------------------------------------------- indexed arrays
{
  const t = section('arrays');
  t('literal, index, count, last, plain name', 'arr=(a b c); echo ${arr[1]} ${#arr[@]} ${arr[-1]} $arr', 'b 3 c a\n');
  t('"${a[@]}" keeps elements', 'a=(x "y z" w); for e in "${a[@]}"; do echo "[$e]"; done; echo "${#a[1]}"', '[x]\n[y z]\n[w]\n3\n');
  t('empty array makes no fields', 'a=(); echo "${#a[@]}"; for e in "${a[@]}"; do echo never; done; echo end', '0\nend\n');
  t('append, sparse assignment, indices', 'a=(1 2); a+=(3 4); a[6]=7; echo "${a[@]}" "${!a[@]}" "${#a[@]}"', '1 2 3 4 7 0 1 2 3 6 5\n');
  t('element assignment with a variable index, unset', 'i=1; a=(p q r); a[$i]=Q; echo "${a[*]}"; unset \'a[0]\'; echo "${a[@]}" "${#a[@]}"', 'p Q r\nQ r 2\n');
  t('BASH_REMATCH groups', 'x=abc; [[ $x =~ ^a(b)c$ ]] && echo "${BASH_REMATCH[1]}" "${BASH_REMATCH[0]}"', 'b abc\n');
  t('read -ra', 'read -ra parts <<< "one two three"; echo "${parts[2]}" "${#parts[@]}"', 'three 3\n');
  t('slices and operators over elements', 'a=(one two three); echo "${a[@]:1}" "${a[@]^^}" "${a[@]/o/0}"', 'two three ONE TWO THREE 0ne tw0 three\n');
  t('multi-line literal', 'x=(a\nb\nc); echo ${#x[@]}', '3\n');
  t('copy and extend', 'a=(x y); b=("${a[@]}" z); echo "${b[@]}"', 'x y z\n');
  t('from a command substitution with IFS', "a=(3 1 2); IFS=$'\\n' sorted=($(printf '%s\\n' \"${a[@]}\" | sort)); unset IFS; echo \"${sorted[@]}\"", '1 2 3\n');
  t('defaults on elements', 'a=(x); echo ${a[5]:-dflt} ${a[0]:+set}', 'dflt set\n');
}

// ---------------------------------------------------------------- dynamic variables
{
  const t = section('parameters');
  t('LINENO', 'echo $LINENO\necho $LINENO', '1\n2\n');
  t('RANDOM in range', 'x=$RANDOM; [ $x -ge 0 ] && [ $x -lt 32768 ] && echo ok', 'ok\n');
  t('SECONDS is a number', 'case $SECONDS in [0-9]*) echo ok;; esac', 'ok\n');
}

// ---------------------------------------------------------------- declare and PIPESTATUS
{
  const t = section('builtins');
  t('declare -i', 'declare -i n=2+3; echo $n', '5\n');
  t('declare is local in a function', 'f() { declare x=in; echo $x; }; x=out; f; echo $x', 'in\nout\n');
  t('declare -x exports', "declare -x E=1; sh -c 'echo $E'", '1\n');
  t('declare -r', 'declare -r R=1; (R=2) 2>/dev/null || echo ro', 'ro\n');
  t('typeset -u and declare -l', 'typeset -u up=shout; declare -l low=MiXeD; echo $up $low', 'SHOUT mixed\n');
  t('declare -a then append', 'declare -a arr; arr+=(a b); echo ${#arr[@]}', '2\n');
  t('PIPESTATUS', 'true | false | true; echo "${PIPESTATUS[@]}"; false; echo ${PIPESTATUS[0]}', '0 1 0\n1\n');
}

// ---------------------------------------------------------------- associative arrays, declaration literals
{
  const t = section('arrays');
  t('declare -A basics', 'declare -A m; m[a]=1; m[b]=2; echo ${m[a]} ${m[b]} ${#m[@]}', '1 2 2\n');
  t('keys with spaces and variables', 'declare -A m; k="x y"; m[$k]=v; echo "${m[x y]}" "${m[$k]}"', 'v v\n');
  t('literal and key iteration', 'declare -A m=(); m=([one]=1 [two]=2); for k in "${!m[@]}"; do echo "$k=${m[$k]}"; done | sort', 'one=1\ntwo=2\n');
  t('unset a key', "declare -A m; m[a]=1; m[b]=2; unset 'm[a]'; echo ${#m[@]} ${m[b]}", '1 2\n');
  t('append to a value, default for a missing key', 'declare -A m; m[a]=1; m[a]+=2; echo ${m[a]} ${m[zz]:-none}', '12 none\n');
  t('indexed literal with explicit indices', 'a=([2]=x [5]=y); echo "${!a[@]}" "${a[@]}"', '2 5 x y\n');
  t('word count with an associative array', 'declare -A c; for w in a b a c a; do c[$w]=$(( ${c[$w]:-0} + 1 )); done; for k in a b c; do echo $k ${c[$k]}; done', 'a 3\nb 1\nc 1\n');
  t('local array literal', 'f() { local a=(x y z); echo ${#a[@]}; }; f; echo "[${a[@]}]"', '3\n[]\n');
  t('declare -a literal', 'declare -a arr=(1 2 3); echo ${arr[2]}', '3\n');
  t('declare -A literal', 'declare -A cfg=([host]=localhost [port]=80); echo ${cfg[host]}:${cfg[port]}', 'localhost:80\n');
}
