// Conformance cases (expectations recorded by running bash 5.2): what bash prints back as shell
// code: function bodies, quoting under the C locale, completion listings, help and other builtins' formats.
import { section } from '../conformance-table.js';

{
  const t = section('functions');
  t("declare -pf shows the attribute line of a readonly or exported function", "f() { :; }; g() { :; }; readonly -f f; export -f g; declare -pf f g; declare -f f; declare -pf h; echo $?", "f () \n{ \n    :\n}\ndeclare -fr f\ng () \n{ \n    :\n}\ndeclare -fx g\nf () \n{ \n    :\n}\n1\n", 0);
  t("a lone quote from an ANSI-C string prints as an escaped quote", "f() { echo $'\\'' $'a\\'' $'\\'\\''; }; declare -f f", "f () \n{ \n    echo \\' 'a'\\''' ''\\'''\\'''\n}\n", 0);
  t("printing a conditional keeps its parentheses and cancels double negation", "f() { [[ ( -f a ) ]]; [[ ! ! -f a ]]; [[ ! ! ! -f a ]]; [[ ( ( a ) ) ]]; [[ ! ( ! a ) ]]; [[ ! ! ( a && b ) ]]; }; declare -f f", "f () \n{ \n    [[ ( -f a ) ]];\n    [[ -f a ]];\n    [[ ! -f a ]];\n    [[ ( ( -n a ) ) ]];\n    [[ ! ( ! -n a ) ]];\n    [[ ( -n a && -n b ) ]]\n}\n", 0);
}
{
  const t = section('set-shopt');
  t("xtrace of a conditional shows the negation of each test", "{ set -x; [[ ! -f a ]]; [[ ! ! ! a ]]; [[ ! ( a ) ]]; [[ ! a =~ b ]]; [[ ! ( a && ! b ) ]]; set +x; } 2>&1", "+ [[ ! -f a ]]\n+ [[ ! -n a ]]\n+ [[ -n a ]]\n+ [[ ! a =~ b ]]\n+ [[ -n a ]]\n+ [[ ! -n b ]]\n+ set +x\n", 0);
}
{
  const t = section('printf-echo');
  t("printf %q under the C locale escapes bytes past ASCII", "x='é'; LC_ALL=C printf '%q\\n' \"$x\"; LC_ALL=C; printf '%q\\n' \"$x\" $'\\u00a0'; echo \"${x@Q}\"", "$'\\303\\251'\n$'\\303\\251'\n$'\\302\\240'\n$'\\303\\251'\n", 0);
}
{
  const t = section('declare-misc');
  t("declare -p and set under the C locale escape bytes past ASCII", "x='é'; a=(\"$x\" b); declare -A m=([\"$x\"]=1); LC_ALL=C; declare -p x a m; set | grep '^x='; echo \"${x@A}\"; echo \"${a[@]@Q}\"", "declare -- x=$'\\303\\251'\ndeclare -a a=([0]=$'\\303\\251' [1]=\"b\")\ndeclare -A m=([$'\\303\\251']=\"1\" )\nx=$'\\303\\251'\nx=$'\\303\\251'\n$'\\303\\251' 'b'\n", 0);
  t("alias, trap and complete listings keep bytes past ASCII under the C locale", "LC_ALL=C; x='é'; alias a=\"echo $x\"; alias -p; trap \"echo $x\" INT; trap -p INT; complete -W \"$x\" foo; complete -p foo", "alias a='echo é'\ntrap -- 'echo é' SIGINT\ncomplete -W 'é' foo\n", 0);
}
{
  const t = section('complete');
  t("compgen -G lists the glob matches of a directory", "mkdir p; touch p/c p/b p/a p/d; compgen -G 'p/*' | sort; compgen -G 'p/[ab]' | wc -l; compgen -G 'p/z*'; echo $?", "p/a\np/b\np/c\np/d\n2\n1\n", 0);
}
{
  const t = section('functions');
  t("a subshell first inside a command substitution prints with a blank", "f() { echo $( (echo sub) ) $( ( a ) | b ) \"$( (c) )\" $( (d); e ); x=$((echo ar) ); }; declare -f f", "f () \n{ \n    echo $( ( echo sub )) $( ( a ) | b) \"$( ( c ))\" $( ( d ); e);\n    x=$((echo ar) )\n}\n", 0);
  t("a nested function ending in a here-document is followed by a semicolon", "f() { g() { cat <<X\nnested\nX\n}; g; }\ndeclare -f f; f", "f () \n{ \n    function g () \n    { \n        cat <<X\nnested\nX\n\n    };\n    g\n}\nnested\n", 0);
  t("the function keyword takes a subshell or arithmetic body directly", "function f ( echo sub ); f; declare -f f; function g (( 1 )); g; echo $?; declare -f g", "sub\nf () \n{ \n    ( echo sub )\n}\n0\ng () \n{ \n    (( 1 ))\n}\n", 0);
  t("an exported function travels in the one-line-per-command form", "f() { echo a; if x; then y; fi; case $1 in a) echo a;; esac; ( s ); cat <<E\nhd\nE\n}\nexport -f f; printenv 'BASH_FUNC_f%%'; g() ( echo sub ); h() { echo x; } > /dev/null; export -f g h; printenv 'BASH_FUNC_g%%' 'BASH_FUNC_h%%'", "() {  echo a;\n if x; then\n y;\n fi;\n case $1 in \n a)\n echo a\n ;;\n esac;\n ( s );\n cat <<E\nhd\nE\n\n}\n() {  ( echo sub )\n}\n() {  echo x\n} > /dev/null\n", 0);
  t("an exported function with a command substitution and a nested function", "f() { x=$(for i in 1; do echo $i; done); g() { echo in; }; echo \"$x\"; g; }; export -f f; printenv 'BASH_FUNC_f%%'", "() {  x=$(for i in 1;\ndo\n    echo $i;\ndone);\n function g () \n { \n echo in\n };\n echo \"$x\";\n g\n}\n", 0);
  t("a function named like a reserved word prints with the keyword", "function if { echo x; }; function time { :; }; declare -f if time; declare -F", "function if () \n{ \n    echo x\n}\nfunction time () \n{ \n    :\n}\ndeclare -f if\ndeclare -f time\n", 0);
}
{
  const t = section('set-shopt');
  t("xtrace of a conditional quotes empty operands and quoted pattern characters", "{ set -x; x=; [[ a == \"q\"* ]]; [[ a != \"a.b\" ]]; y='*'; [[ a == $y ]]; [[ a == \"$y\" ]]; [[ $x == a ]]; [[ -n $x ]]; [[ $x =~ \"\" ]]; [[ \"a b\" == 'a b' ]]; set +x; } 2>&1", "+ x=\n+ [[ a == \\q* ]]\n+ [[ a != \\a\\.\\b ]]\n+ y='*'\n+ [[ a == * ]]\n+ [[ a == \\* ]]\n+ [[ '' == a ]]\n+ [[ -n '' ]]\n+ [[ '' =~ '' ]]\n+ [[ a b == \\a\\ \\b ]]\n+ set +x\n", 0);
  t("BASH_XTRACEFD sends the trace to another descriptor", "exec 5>trace; BASH_XTRACEFD=5; set -x; echo a; [[ -n b ]]; x=1; set +x; cat trace; BASH_XTRACEFD=1; set -x; echo b 2>/dev/null; set +x", "a\n+ echo a\n+ [[ -n b ]]\n+ x=1\n+ set +x\n+ echo b\nb\n+ set +x\n", 0);
  t("BASH_XTRACEFD naming a closed descriptor loses the trace", "BASH_XTRACEFD=7; set -x; echo nofd; set +x; BASH_XTRACEFD=x; set -x; echo bad 2>&1; set +x", "nofd\nbad\n", 0);
}
{
  const t = section('complete');
  t("compgen -W with an unterminated quote or a trailing backslash", "compgen -W \"a'b c\"; compgen -W '\"a b'; compgen -W 'a\\'; compgen -W '\"a\\'; compgen -W \"x 'y z\"; compgen -W 'a\\ b\\'; echo $?", "ab c\na b\na\na\nx\ny z\na b\n0\n", 0);
}
{
  const t = section('complete');
  t("compgen -C skips empty lines of the command output but one at the start", "compgen -C 'printf \"a\\n\\n\\nb\\n\\n\"' 2>/dev/null; echo \"st=$?\"; compgen -C 'printf \"\\n\\na\\n\"' 2>/dev/null | od -c | head -1; compgen -C 'printf \"\\n\"' 2>/dev/null; echo \"st=$?\"", "a\nb\nst=0\n0000000  \\n   a  \\n\nst=1\n", 0);
}
{
  const t = section('syntax-errors');
  t("a syntax error inside an array assignment discards the line and goes on", "a=(1 >x); echo same-line\necho \"next $?\"\nb=(;)\necho \"again $?\"", "next 1\nagain 1\n", 0);
  t("after a bad array assignment inside if the parser reads on at the top level", "if true; then\na=(1 |)\necho in\nfi\necho end", "in\n", 2);
  t("a bad array assignment in eval text discards that line only", "eval 'a=(1 >x)\necho in-eval'; echo \"st=$?\"", "in-eval\nst=0\n", 0);
  t("a bad array assignment ends a posix-mode shell", "set -o posix\necho a\nx=(1 >y)\necho b", "a\n", 127);
}
{
  const t = section('functions');
  t("here-document bodies in an and-or list print before the next operator", "m() { cat <<A && cat <<B || echo no\na\nA\nb\nB\n}\ndeclare -f m\nm2() { cat <<A | cat <<B && echo z\na\nA\nb\nB\n}\ndeclare -f m2", "m () \n{ \n    cat <<A && \na\nA\n cat <<B\nb\nB\n || echo no\n}\nm2 () \n{ \n    cat <<A |\na\nA\n  cat <<B\nb\nB\n && echo z\n}\n", 0);
  t("here-document bodies in a three-command pipeline wait for its end", "g() { echo x | cat - <<Y | tr a b\nabc\nY\n}\ndeclare -f g; g\nh() { cat <<A | cat && cat <<B | cat <<C || echo x\na\nA\nb\nB\nc\nC\n}\ndeclare -f h", "g () \n{ \n    echo x | cat - <<Y |\nabc\nY\n  tr a b\n}\nbbc\nh () \n{ \n    cat <<A |\na\nA\n  cat && cat <<B |\nb\nB\n  cat <<C\nc\nC\n || echo x\n}\n", 0);
}
{
  const t = section('functions');
  t("ANSI-C quotes inside a double-quoted parameter expansion print by operator", "f() { echo \"${x:-$'a b'}\" \"${x#$'a'}\" \"${x/a/$'b'}\" \"${x:+$'t'}\" \"${x:-\"$'q'\"}\" ${x:-$'u'} \"$'lit'\"; }; declare -f f", "f () \n{ \n    echo \"${x:-a b}\" \"${x#'a'}\" \"${x/a/'b'}\" \"${x:+t}\" \"${x:-\"$'q'\"}\" ${x:-'u'} \"$'lit'\"\n}\n", 0);
}
{
  const t = section('complete');
  t("compgen -G ignores dotglob and GLOBIGNORE", "touch .a c a1 a2; shopt -s dotglob; compgen -G '*' | sort; GLOBIGNORE=a1; compgen -G 'a*' | sort; echo *", "a1\na2\nc\na1\na2\n.a a2 c\n", 0);
  t("compgen -G lists . and .. last without globskipdots", "touch .a; shopt -u globskipdots; compgen -G '.*'", ".a\n..\n.\n", 0);
}
{
  const t = section('declare-misc');
  t("declare -p with an assignment looks for no such name", "x=5; declare -p x=1; echo $?; declare -p x+=2 x; echo $?; f() { local y=1; local -p y=2; echo $?; }; f", "1\ndeclare -- x=\"5\"\n1\n1\n", 0);
}
{
  const t = section('declare-misc');
  t("declare -p with an array assignment assigns and prints", "declare -p a=(2 3); echo $?; declare -pA m=([k]=v); b=1; declare -p b=(x); declare -p b; f() { local -p l=(1); }; f; declare -p l 2>/dev/null; echo $?", "declare -a a=([0]=\"2\" [1]=\"3\")\n0\ndeclare -A m=([k]=\"v\" )\ndeclare -a b=([0]=\"x\")\ndeclare -a b=([0]=\"x\")\ndeclare -a l=([0]=\"1\")\n1\n", 0);
}
