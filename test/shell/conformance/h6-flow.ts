// Conformance cases (expectations recorded by running bash 5.2): syntax errors, control
// flow, redirections, traps and command_not_found_handle (helper h6-flow).
import { section } from '../conformance-table.js';

{
  const t = section('syntax-errors');
  t("eval's syntax error names eval and its line", "{ eval 'fi'; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'", "eval: line 1: syntax error near unexpected token `fi'\neval: line 1: `fi'\nst=2\n", 0);
  t("eval's line counts from the eval command's", "echo\n{ eval 'echo a\necho b\nfi'; } 2>&1 | sed 's/^[^:]*: //'", "\na\nb\neval: line 6: syntax error near unexpected token `fi'\neval: line 6: `fi'\n", 0);
  t("an eval spanning lines counts from the line of its second word", "{ eval \"echo \\$LINENO\nfi\"; } 2>&1 | sed 's/^[^:]*: //'", "2\neval: line 3: syntax error near unexpected token `fi'\neval: line 3: `fi'\n", 0);
  t("an eval input ending too soon names its last line", "{ eval 'echo a; if'; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'", "eval: line 2: syntax error: unexpected end of file\nst=2\n", 0);
  t("nested eval reports as eval", "{ eval \"eval 'done'\"; } 2>&1 | sed 's/^[^:]*: //'", "eval: line 1: syntax error near unexpected token `done'\neval: line 1: `done'\n", 0);
  t("eval in a function names the function's file", "f() {\n  eval 'fi'\n}\n{ f; } 2>&1 | sed 's/^[^:]*: //'", "eval: line 2: syntax error near unexpected token `fi'\neval: line 2: `fi'\n", 0);
  t("eval in a subshell and in a command substitution", "(eval 'esac') 2>&1 | sed 's/^[^:]*: //'; x=$(eval ';;' 2>&1); echo \"$x\" | sed 's/^[^:]*: //'", "eval: line 1: syntax error near unexpected token `esac'\neval: line 1: `esac'\neval: line 1: syntax error near unexpected token `;;'\neval: line 1: `;;'\n", 0);
  t("a syntax error in an EXIT trap names the exit trap", "(trap 'if' EXIT; echo a) 2>&1 | sed 's/^[^:]*: //'", "a\nexit trap: line 2: syntax error: unexpected end of file\n", 0);
  t("a syntax error in a signal trap names the trap", "trap 'fi' USR1; { kill -s USR1 $$; echo \"after $?\"; } 2>&1 | sed 's/^[^:]*: //'", "after 0\n", 0); // stderr: /usr/bin/bash: trap: line 1: syntax error near unexpected token `fi'
  t("ERR and DEBUG traps have their own names", "{ trap 'fi' ERR; false; trap - ERR; trap 'done' DEBUG; :; trap - DEBUG; } 2>&1 | sed 's/^[^:]*: //'", "error trap: line 1: syntax error near unexpected token `fi'\nerror trap: line 1: `fi'\ndebug trap: line 1: syntax error near unexpected token `done'\ndebug trap: line 1: `done'\ndebug trap: line 1: syntax error near unexpected token `done'\ndebug trap: line 1: `done'\n", 0);
  t("echo ( at the end of input: the newline is unexpected", "{ eval 'echo ('; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'", "eval: line 1: syntax error near unexpected token `newline'\neval: line 1: `echo ('\nst=2\n", 0);
  t("for, select, function and case without their word", "for s in for select function case 'f(' 'case x in a' 'case x in a |'; do eval \"$s\"; done 2>&1 | sed 's/^[^:]*: //'", "eval: line 1: syntax error near unexpected token `newline'\neval: line 1: `for'\neval: line 1: syntax error near unexpected token `newline'\neval: line 1: `select'\neval: line 1: syntax error near unexpected token `newline'\neval: line 1: `function'\neval: line 1: syntax error near unexpected token `newline'\neval: line 1: `case'\neval: line 1: syntax error near unexpected token `newline'\neval: line 1: `f('\neval: line 1: syntax error near unexpected token `newline'\neval: line 1: `case x in a'\neval: line 1: syntax error near unexpected token `newline'\neval: line 1: `case x in a |'\n", 0);
  t("for and function before an operator name it", "for s in 'for ;' 'function ;' 'f (;' 'f ( a'; do eval \"$s\"; done 2>&1 | sed 's/^[^:]*: //'", "eval: line 1: syntax error near unexpected token `;'\neval: line 1: `for ;'\neval: line 1: syntax error near unexpected token `;'\neval: line 1: `function ;'\neval: line 1: syntax error near unexpected token `;'\neval: line 1: `f (;'\neval: line 1: syntax error near unexpected token `a'\neval: line 1: `f ( a'\n", 0);
  t("a simple command as a function body: its first token is unexpected", "for s in 'f() echo hi' 'f() x=1' 'f() >out' 'f() 2>&1 { :; }' 'function f echo' 'f() g() { :; }'; do eval \"$s\"; done 2>&1 | sed 's/^[^:]*: //'", "eval: line 1: syntax error near unexpected token `echo'\neval: line 1: `f() echo hi'\neval: line 1: syntax error near unexpected token `x=1'\neval: line 1: `f() x=1'\neval: line 1: syntax error near unexpected token `>'\neval: line 1: `f() >out'\neval: line 1: syntax error near unexpected token `2'\neval: line 1: `f() 2>&1 { :; }'\neval: line 1: syntax error near unexpected token `echo'\neval: line 1: `function f echo'\neval: line 1: syntax error near unexpected token `g'\neval: line 1: `f() g() { :; }'\n", 0);
  t("unterminated (( and $(( name their opening line", "for s in '(( 1 + 2' $'echo\\n(( 1\\n2' 'for ((i=0;' $'echo\\necho $(( 1\\n2'; do eval \"$s\"; done 2>&1 | sed 's/^[^:]*: //'", "eval: line 1: unexpected EOF while looking for matching `)'\n\neval: line 2: unexpected EOF while looking for matching `)'\neval: line 1: unexpected EOF while looking for matching `)'\n\neval: line 2: unexpected EOF while looking for matching `)'\n", 0);
  t("unterminated ${ and backquote name their opening line", "for s in $'echo\\necho ${a:-\\n2' $'echo\\necho `\\n2' $'echo\\necho \"\\nb'; do eval \"$s\"; done 2>&1 | sed 's/^[^:]*: //'", "\neval: line 2: unexpected EOF while looking for matching `}'\n\neval: line 2: unexpected EOF while looking for matching ``'\n\neval: line 2: unexpected EOF while looking for matching `\"'\n", 0);
  t("$[ needs its closing bracket", "{ eval 'echo $['; echo \"st=$?\"; echo $[1+2] $[ (2*3) ]; } 2>&1 | sed 's/^[^:]*: //'", "eval: line 1: unexpected EOF while looking for matching `]'\nst=2\n3 6\n", 0);
  t("[[ a && at the end of input: EOF in the conditional", "{ eval '[[ a &&'; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'", "eval: line 2: unexpected token `EOF' in conditional command\nst=2\n", 0);
  t("[[ a || at the end of input: EOF in the conditional", "echo\n{ eval '[[ a ||'; } 2>&1 | sed 's/^[^:]*: //'", "\neval: line 3: unexpected token `EOF' in conditional command\n", 0);
  t("[[ a at the end of input: the newline is the unexpected token", "{ eval '[[ a'; } 2>&1 | sed 's/^[^:]*: //'", "eval: line 1: unexpected token `newline', conditional binary operator expected\n", 0);
  t("[[ a < at the end of input: the newline is its argument", "{ eval '[[ a < '; } 2>&1 | sed 's/^[^:]*: //'", "eval: line 1: unexpected argument `newline' to conditional binary operator\n", 0);
  t("[[ a then a newline: the newline is the unexpected token", "{ eval $'[[ a\\n]]'; } 2>&1 | sed 's/^[^:]*: //'", "eval: line 1: unexpected token `newline', conditional binary operator expected\n", 0);
  t("[[ a == b at the end of input names the line of [[", "{ eval $'echo\\n[[ a == b'; } 2>&1 | sed 's/^[^:]*: //'", "\neval: line 2: unexpected EOF while looking for `]]'\n", 0);
  t("[[ a || b at the end of input: b wants an operator", "{ eval $'\\n\\n[[ a || b'; } 2>&1 | sed 's/^[^:]*: //'", "eval: line 3: unexpected token `newline', conditional binary operator expected\n", 0);
  t("a [[ error at the end of the script: status 2 when $? was 0", "true\n[[ a &&", "", 2); // stderr: /usr/bin/bash: -c: line 3: unexpected token `EOF' in conditional command
  t("a [[ error at the end of the script keeps a failed status", "(exit 3)\n[[ a", "", 3); // stderr: /usr/bin/bash: -c: line 2: unexpected token `newline', conditional binary operator expected
  t("a [[ error before the end of the script keeps $?", "true\n[[ a b ]]\necho no", "", 0); // stderr: /usr/bin/bash: -c: line 2: conditional binary operator expected
  t("a [[ error at the end after [[ a == b", "echo x\n[[ a == b", "x\n", 2); // stderr: /usr/bin/bash: -c: line 2: unexpected EOF while looking for `]]'
  t("here-document at end of eval input: the warning's lines", "{ eval 'cat <<E\na'; } 2>&1 | sed 's/^[^:]*: //'", "line 3: warning: here-document at line 2 delimited by end-of-file (wanted `E')\na\n", 0);
  t("here-document at end of a sourced file names the file and line", "printf 'echo\\ncat <<E\\nx' > so.sh; { . ./so.sh; } 2>&1 | sed 's/^[^:]*: //'", "\nline 3: warning: here-document at line 2 delimited by end-of-file (wanted `E')\nx\n", 0);
}

{
  const t = section('syntax-errors');
  t("an unterminated array assignment names the line of its (", "{ eval $'echo a\\nx=( a b\\necho b'; } 2>&1 | sed 's/^[^:]*: //'", "a\neval: line 2: unexpected EOF while looking for matching `)'\n", 0);
  t("for (( )) with two parts wants an expression", "{ eval 'for ((i=0;i<1)); do :; done'; echo \"st=$?\"; } 2>&1 | grep -v '((i=0\\|((;;;' | sed 's/^[^:]*: //'", "eval: line 1: syntax error: arithmetic expression required\nst=2\n", 0);
  t("for (( )) with four parts: the ; is unexpected", "{ eval 'for ((;;;)); do :; done'; echo \"st=$?\"; } 2>&1 | grep -v '((i=0\\|((;;;' | sed 's/^[^:]*: //'", "eval: line 1: syntax error: `;' unexpected\nst=2\n", 0);
}

{
  const t = section('redirects');
  t("1>&word writes stdout and stderr to the file word", "ls /nonexistent . 1>&word 2>/dev/null; echo \"st=$?\"; sort word | sed 's/^ls: .*/ls: (error)/'", "st=2\n.:\nword\n", 0);
  t("1>& with an expansion names a file too", "x=out; echo a 1>&$x; cat out; echo b 1>&1x; cat 1x", "a\nb\n", 0);
  t("n>&word for another fd is an ambiguous redirect", "{ echo a 3>&word3; echo \"st=$?\"; echo a 0>&word4; echo a 1<&word5; } 2>&1 | sed 's/^[^:]*: //'", "line 1: word3: ambiguous redirect\nst=1\nline 1: word4: ambiguous redirect\nline 1: word5: ambiguous redirect\n", 0);
  t("the word after >& splitting in two is ambiguous", "x='a b'; { echo a >&$x; echo \"st=$?\"; echo a 4>&$nope; } 2>&1 | sed 's/^[^:]*: //'", "line 1: $x: ambiguous redirect\nst=1\nline 1: $nope: ambiguous redirect\n", 0);
  t("an empty word after >& is a bad fd", "{ echo a >& \"\"; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'", "line 1: \"\": Bad file descriptor\nst=1\n", 0);
  t("2>&-1 closes fd 2 and passes 1 on", "echo a 2>&-1; echo \"st=$?\"", "a 1\nst=0\n", 0);
  t("a bad fd is named as written", "fd=7; { echo a >&$fd; echo a >&\"8\"; echo a <&9; } 2>&1 | sed 's/^[^:]*: //'", "line 1: $fd: Bad file descriptor\nline 1: \"8\": Bad file descriptor\nline 1: 9: Bad file descriptor\n", 0);
  t("ambiguous redirects name the word as written", "touch a1 a2; y=(p q); set -- 'x y'; { echo > a*; echo > ${y[@]}; echo > \"$@\"; set --; echo > \"$@\"; echo > $1; } 2>&1 | sed 's/^[^:]*: //'", "line 1: a*: ambiguous redirect\nline 1: ${y[@]}: ambiguous redirect\nline 1: \"$@\": ambiguous redirect\nline 1: $1: ambiguous redirect\n", 0);
  t("an empty file name is no such file", "{ echo x > \"\"; echo \"st=$?\"; cat < ''; echo x >> \"$nope\"; } 2>&1 | sed 's/^[^:]*: //'", "line 1: : No such file or directory\nst=1\nline 1: : No such file or directory\nline 1: : No such file or directory\n", 0);
  t("a trailing slash on a new file name: is a directory", "{ echo x > f/; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'; ls", "line 1: f/: Is a directory\nst=1\n", 0);
  t("a readonly fd variable", "readonly r; { exec {r}>f; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'", "line 1: r: readonly variable\nline 1: r: cannot assign fd to variable\nst=1\n", 0);
  t("{var} closed with >&- needs a value", "{ exec {fd}>&-; echo \"st=$?\"; fd=3; exec {fd}>&-; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'", "line 1: fd: ambiguous redirect\nst=1\nst=0\n", 0);
  t("exec moves and copies fds", "exec 3>f; exec 4>&3; echo x >&4; exec 5>&4-; echo y >&5; exec 3>&- 5>&-; cat f; { echo z >&4; } 2>&1 | sed 's/^[^:]*: //'", "x\ny\nline 1: 4: Bad file descriptor\n", 0);
  t("noclobber refuses > but not >| or >>", "set -C; echo a > f; { echo b > f; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'; echo c >| f; echo d >> f; cat f", "line 1: f: cannot overwrite existing file\nst=1\nc\nd\n", 0);
  t("noclobber and &>", "set -C; echo a > f; { echo b &> f; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'; cat f", "line 1: f: cannot overwrite existing file\nst=1\na\n", 0);
  t("<> opens for reading and writing without truncating", "echo abcdef > f; exec 3<>f; read -n 2 c <&3; echo \"$c\"; echo XY >&3; exec 3>&-; cat f", "ab\nabXY\nf\n", 0);
  t("several redirections of one fd: the last wins, the others are still opened", "echo a > f > g; echo \"[$(cat f)] [$(cat g)]\"", "[] [a]\n", 0);
  t("a failed redirection of a compound command skips it", "{ echo in; } > /nonexistent/x; echo \"st=$?\"; if true; then echo in; fi 2>/dev/null > /nonexistent/y; echo \"st=$?\"", "st=1\nst=1\n", 0); // stderr: /usr/bin/bash: line 1: /nonexistent/x: No such file or directory
  t("a redirection on a function definition applies at each call", "f() { echo in; } > out; f; f; cat out; g() { echo g; } > /nonexistent/x; { g; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'", "in\nline 1: /nonexistent/x: No such file or directory\nst=1\n", 0);
  t("here-strings: a newline added, no word splitting", "x='a  b'; cat <<< $x; cat <<< \"$x\"; cat <<< ''; read a b <<< '1 2'; echo \"$a-$b\"", "a  b\na  b\n\n1-2\n", 0);
  t("<<- strips leading tabs, also from the delimiter line", "cat <<-EOF\n\ta\n\t\tb\n  c\n\tEOF\necho done", "a\nb\n  c\ndone\n", 0);
  t("a quoted delimiter keeps the body literal", "x=1; cat <<'E'\n$x `echo no` \\$x\nE\ncat <<\"E\"\n$x\nE\ncat <<E\"\"\n$x\nE\ncat <<\\E\n$x\nE", "$x `echo no` \\$x\n$x\n$x\n$x\n", 0);
  t("an unquoted body: expansions, backslashes and line joins", "x=1; cat <<E\n$x ${x}y $((x+1)) \\$x \\\\ \\` a\\\nb\nE", "1 1y 2 $x \\ ` ab\n", 0);
  t("two here-documents on one line", "cat <<A; cat <<B\n1\nA\n2\nB", "1\n2\n", 0);
  t("a here-document to exec'd fd", "exec 3<<E\nfromfd\nE\ncat <&3", "fromfd\n", 0);
}

{
  const t = section('command-lookup');
  t("command_not_found_handle gets the command and its arguments", "command_not_found_handle() { echo \"handler: $# $*\"; return 42; }; nosuch a 'b c'; echo \"st=$?\"", "handler: 3 nosuch a b c\nst=42\n", 0);
  t("the handler runs in a subshell", "command_not_found_handle() { x=1; [ \"$BASHPID\" != \"$$\" ] && echo child; }; x=0; nosuch; echo \"x=$x\"", "child\nx=0\n", 0);
  t("exit in the handler ends only its subshell", "command_not_found_handle() { echo in; exit 5; }; nosuch; echo \"st=$?\"", "in\nst=5\n", 0);
  t("the handler's EXIT trap does not run", "command_not_found_handle() { trap 'echo T2' EXIT; echo \"h $1\"; }; nosuch; echo \"st=$?\"", "h nosuch\nst=0\n", 0);
  t("command -v and type do not call the handler", "command_not_found_handle() { echo called; }; command -v nosuch; echo \"st=$?\"; type nosuch >/dev/null 2>&1; echo \"st=$?\"", "st=1\nst=1\n", 0);
  t("command NAME calls the handler", "command_not_found_handle() { echo \"h $*\"; }; command nosuch x; echo \"st=$?\"", "h nosuch x\nst=0\n", 0);
  t("a name with a slash does not call the handler", "command_not_found_handle() { echo called; }; { ./nosuch; echo \"st=$?\"; /no/such; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'", "line 1: ./nosuch: No such file or directory\nst=127\nline 1: /no/such: No such file or directory\nst=127\n", 0);
  t("the handler in a pipeline, a command substitution and the background", "command_not_found_handle() { echo \"h $1\"; return 3; }; nosuch | cat; echo \"${PIPESTATUS[@]}\"; x=$(nosuch2); echo \"[$x]\"; nosuch3 & wait $!; echo \"st=$?\"", "h nosuch\n3 0\n[h nosuch2]\nh nosuch3\nst=3\n", 0);
  t("prefix assignments are seen by the handler", "command_not_found_handle() { echo \"h $FOO\"; }; FOO=1 nosuch; echo \"[$FOO]\"", "h 1\n[]\n", 0);
  t("FUNCNAME in the handler", "command_not_found_handle() { echo \"${FUNCNAME[*]}\"; }; f() { nosuch; }; f", "command_not_found_handle f\n", 0);
  t("the handler's status decides if, set -e and ERR", "command_not_found_handle() { return 3; }; if nosuch; then echo y; else echo \"n $?\"; fi; trap 'echo \"ERR $?\"' ERR; nosuch; set -e; command_not_found_handle() { return 0; }; nosuch; echo end", "n 3\nERR 3\nend\n", 0);
  t("a handler redirection and the command's", "command_not_found_handle() { echo \"h $1\"; } >&2; nosuch 2>/dev/null; echo \"st=$?\"; command_not_found_handle() { echo \"h $1\"; }; nosuch > out; cat out", "st=0\nh nosuch\n", 0);
  t("unset -f the handler: not found again", "command_not_found_handle() { echo h; }; unset -f command_not_found_handle; { nosuch; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'", "line 1: nosuch: command not found\nst=127\n", 0);
  t("not found, no file, not executable, a directory", "touch f; mkdir d; { nosuch; echo \"st=$?\"; ./nosuch; echo \"st=$?\"; ./f; echo \"st=$?\"; ./d; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'", "line 1: nosuch: command not found\nst=127\nline 1: ./nosuch: No such file or directory\nst=127\nline 1: ./f: Permission denied\nst=126\nline 1: ./d: Is a directory\nst=126\n", 0);
  t("an empty command name", "{ ''; echo \"st=$?\"; x=; $x; echo \"st=$?\"; \"$x\" a; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'", "line 1: : command not found\nst=127\nst=0\nline 1: : command not found\nst=127\n", 0);
  t("a script with a missing interpreter", "printf '#!/nonexistent/interp\\necho\\n' > s; chmod +x s; { ./s; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'", "line 1: ./s: cannot execute: required file not found\nst=127\n", 0);
  t("PATH empty: the name is tried as a file here", "{ PATH=; nosuch; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'", "line 1: nosuch: No such file or directory\nst=127\n", 0);
}

{
  const t = section('control');
  t("break and continue out of range or bad", "{ for i in 1 2; do break 5; done; echo \"st=$?\"; for i in 1; do break 0; done; echo \"st=$?\"; for i in 1; do continue x; done; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'", "st=0\nline 1: break: 0: loop count out of range\nst=1\nline 1: continue: x: numeric argument required\n", 0);
  t("break outside a loop", "{ break; echo \"st=$?\"; continue 2; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'", "line 1: break: only meaningful in a `for', `while', or `until' loop\nst=0\nline 1: continue: only meaningful in a `for', `while', or `until' loop\nst=0\n", 0);
  t("return outside a function: its message and status 2", "{ return 3; echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'", "line 1: return: can only `return' from a function or sourced script\nst=2\n", 0);
  t("return and exit with bad arguments", "f() { return x; }; { f; echo \"st=$?\"; g() { return 1 2; }; g; echo \"st=$?\"; (exit 1 2); echo \"st=$?\"; (exit x); echo \"st=$?\"; } 2>&1 | sed 's/^[^:]*: //'", "line 1: return: x: numeric argument required\nst=2\nline 1: return: too many arguments\n", 0);
  t("exit and return statuses wrap at 256", "f() { return 300; }; f; echo $?; (exit -1); echo $?; (exit 256); echo $?", "44\n255\n0\n", 0);
  t("set -e: exempt places", "set -e; false && true; false || true; ! true; if false; then :; fi; while false; do :; done; x=$(false; echo in); echo \"[$x]\"; f() { false; echo inf; }; f || echo caught; echo end", "[in]\ninf\nend\n", 0);
  t("set -e with inherit_errexit stops a command substitution", "set -e; shopt -s inherit_errexit; x=$(false; echo in); echo \"[$x]\"", "", 1);
  t("set -e and local or declare hide the status", "set -e; f() { local x=$(false); echo in; }; f; declare y=$(false); echo out", "in\nout\n", 0);
  t("pipefail: the last failing stage's status", "set -o pipefail; false | true; echo $?; (exit 3) | (exit 4) | true; echo $?; true | true; echo $?", "1\n4\n0\n", 0);
  t("lastpipe keeps a read at the end of a pipeline", "shopt -s lastpipe; echo a | read x; echo \"[$x]\"; shopt -u lastpipe; echo b | read y; echo \"[$y]\"", "[a]\n[]\n", 0);
  t("wait -n takes the next job to end", "(sleep 0.3; exit 4) & (exit 3) & wait -n; echo \"st=$?\"; wait; echo \"st=$?\"", "st=3\nst=0\n", 0);
  t("$! and waiting for it", "(exit 5) & p=$!; wait $p; echo $?; [ \"$p\" = \"$!\" ] && echo same", "5\nsame\n", 0);
  t("trap -p prints each trap quoted", "trap 'echo a' INT TERM; trap \"echo it's\" USR1; trap '' HUP; trap -p", "trap -- '' SIGHUP\ntrap -- 'echo a' SIGINT\ntrap -- 'echo it'\\''s' SIGUSR1\ntrap -- 'echo a' SIGTERM\n", 0);
  t("trap - and a bare signal reset it", "trap 'echo x' INT USR1; trap - INT; trap USR1; trap -p; echo \"st=$?\"", "st=0\n", 0);
  t("trap 0 is EXIT, multi-line handlers", "trap $'echo one\\necho two' 0; trap -p EXIT | head -1; echo main", "trap -- 'echo one\nmain\none\ntwo\n", 0);
  t("traps in ( ) and $( ) are reset, EXIT runs in each", "trap 'echo main-exit' EXIT; (trap 'echo sub-exit' EXIT; echo sub); x=$(trap; echo val); echo \"[$x]\"", "sub\nsub-exit\n[trap -- 'echo main-exit' EXIT\nval]\nmain-exit\n", 0);
  t("ERR with set -E reaches into functions", "trap 'echo err' ERR; f() { false; echo inf; }; f; set -E; f", "inf\nerr\ninf\n", 0);
  t("ERR is not run where set -e would not stop", "trap 'echo err' ERR; false || true; ! false; if false; then :; fi; (false); echo \"st=$?\"", "err\nst=1\n", 0);
  t("EXIT trap sees the exit status and may change it", "trap 'echo \"exit $?\"; exit 7' EXIT; exit 4", "exit 4\n", 7);
  t("a signal trap runs and $? is kept around it", "trap 'echo caught $?' USR1; false; kill -s USR1 $$; echo \"after $?\"", "caught 0\nafter 0\n", 0);
  t("RETURN trap runs when a function returns", "f() { trap 'echo ret' RETURN; echo f; }; f; echo after", "f\nret\nafter\n", 0);
}
