// Conformance cases: builtins, read, test, statuses, set -e, syntax errors, assignments, arrays.
import { section } from '../conformance-table.js';

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
  t('type reports in the order of the names, errors included', 'type nosuch_zz echo 2>&1 | sed "s/^.*type: //"', 'nosuch_zz: not found\necho is a shell builtin\n');
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
  t('one-element brace sequences', 'echo {5..5} {a..a} {z..z..2} x{3..3}y {a} {}', '5 a z x3y {a} {}\n');
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
