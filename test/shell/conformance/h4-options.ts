// Conformance cases (expectations recorded by running bash 5.2): shell options and what they
// change (xtrace output, noclobber, set -k), the environment programs see, and cd/pwd.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- set-shopt
{
  const t = section('set-shopt');
  t("xtrace of [[ ]] shows empty operands as two quotes", "exec 2>&1; set -x; x=''; [[ $x ]]; [[ -z $x ]]; [[ $x == '' ]]; [[ a < \"\" ]]", "+ x=\n+ [[ -n '' ]]\n+ [[ -z '' ]]\n+ [[ '' == '' ]]\n+ [[ a < '' ]]\n", 1);
  t("xtrace of [[ ! test ]] keeps the negation, of ! ( group ) not", "exec 2>&1; set -x; [[ ! -d nodir ]]; [[ ! ( a == b ) ]]; [[ ! ! -n x ]]; [[ ! ( ! a ) ]]", "+ [[ ! -d nodir ]]\n+ [[ a == b ]]\n+ [[ -n x ]]\n+ [[ ! -n a ]]\n", 0);
  t("xtrace of [[ == ]] escapes every quoted pattern character", "exec 2>&1; set -x; x='q r'; [[ a == \"a b\" ]]; [[ a == $x ]]; [[ a == \"$x\"* ]]; [[ a != 'x\\y' ]]; [[ ab == a\\b ]] && echo m", "+ x='q r'\n+ [[ a == \\a\\ \\b ]]\n+ [[ a == q r ]]\n+ [[ a == \\q\\ \\r* ]]\n+ [[ a != \\x\\\\\\y ]]\n+ [[ ab == a\\b ]]\n+ echo m\nm\n", 0);
  t("xtrace of [[ =~ ]] quotes only regex characters", "exec 2>&1; set -x; [[ a =~ \"x.y\" ]]; [[ a =~ 'x y'$ ]]; [[ x =~ x ]] && echo m", "+ [[ a =~ x\\.y ]]\n+ [[ a =~ x y$ ]]\n+ [[ x =~ x ]]\n+ echo m\nm\n", 0);
  t("noclobber refuses a dangling symlink, >| follows it", "set -C; ln -s target dang; echo a > dang; echo $?; ls; echo b >| dang; cat target", "1\ndang\nb\n", 0);
  t("noclobber with &> and exec on a dangling symlink", "set -C; ln -s t1 d1; echo a &> d1; echo $?; ln -s t2 d2; exec 3> d2; echo $?; ls", "1\n1\nd1\nd2\n", 0);
  t("noclobber opens a non-regular file without truncating", "set -C; echo a > /dev/null; echo $?; mkfifo p; cat p > out & echo x > p; echo $?; wait; cat out", "0\n0\nx\n", 0);
  t("prefix assignments reach the environment in the order of the shell tables", "c=3 a=1 b=2 env | grep -E '^(a|b|c)='; x=1 y=2 zz=3 env | grep -E '^(x|y|zz)='", "c=3\nb=2\na=1\nzz=3\ny=2\nx=1\n", 0);
  t("exported variables reach the environment in the order of the shell tables", "export b=1 a=2 zz=5 foo=3 PATH2=x; env | grep -E '^(a|b|zz|foo|PATH2)='", "b=1\na=2\nzz=5\nfoo=3\nPATH2=x\n", 0);
  t("a function local and prefix assignments come first in the environment", "export b=1; f() { local -x loc=1 a=3; env | grep -E '^(a|b|loc|x|y)='; }; x=1 y=2 f", "loc=1\na=3\ny=2\nx=1\nb=1\n", 0);
  t("set -k assignments after the name are the command environment", "set -k; env c=3 a=1 b=2 | grep -E '^(a|b|c)='", "c=3\nb=2\na=1\n", 0);
  t("PS4 gets the prompt escapes before its expansions", "exec 2>&1; cd /; PS4='[\\w]\\\\ ${x}> '; x=X; set -x; echo a; echo $(echo b)", "[/]\\ X> echo a\na\n[[/]\\ X> echo b\n[/]\\ X> echo b\nb\n", 0);
  t("BASH_XTRACEFD sends the trace to another fd", "exec 3>trace.txt; BASH_XTRACEFD=3; set -x; echo a; set +x; echo file:; cat trace.txt", "a\nfile:\n+ echo a\n+ set +x\n", 0);
  t("BASH_XTRACEFD=1 puts the trace on stdout, before the command redirections", "BASH_XTRACEFD=1; set -x; echo a >/dev/null; (echo sub >/dev/null); x=$(echo c >/dev/null); set +x", "+ echo a\n+ echo sub\n+ x='++ echo c'\n+ set +x\n", 0);
  t("BASH_XTRACEFD follows its fd being reopened or closed", "exec 4>f; BASH_XTRACEFD=4; set -x; echo a; exec 4>g; echo b; exec 4>&-; set +x; echo f:; cat f; echo g:; cat g", "a\nb\nf:\n+ echo a\n+ exec\ng:\n+ echo b\n+ exec\n", 0);
  t("unsetting BASH_XTRACEFD closes its fd", "exec 4>f; BASH_XTRACEFD=4; unset BASH_XTRACEFD; echo x >&4; echo $?; exec 5>f; BASH_XTRACEFD=5; BASH_XTRACEFD=; echo y >&5; echo $?; exec 6>f; BASH_XTRACEFD=6; BASH_XTRACEFD=1; echo z >&6; echo $?", "1\n1\n0\n", 0);
  t("unsetting BASH_XTRACEFD=1 closes stdout", "BASH_XTRACEFD=1; set -x; unset BASH_XTRACEFD; echo gone; set +x; echo still-gone", "+ unset BASH_XTRACEFD\n", 1);
  t("a child started with SHELLOPTS and BASHOPTS exported has those options", "set -o errexit -o nounset; shopt -s nullglob extglob; export SHELLOPTS BASHOPTS; \"$BASH\" -c 'echo $-; echo *.none end; shopt -p extglob'", "ehuBc\nend\nshopt -s extglob\n", 0);
  t("BASH_ENV is read before a -c string and a script, expanded, a missing file ignored", "echo 'echo \"env: $0 $#\"' > envf; BASH_ENV='$PWD/envf' \"$BASH\" -c 'echo main' x y; echo 'echo script' > s.sh; BASH_ENV=envf \"$BASH\" s.sh a; BASH_ENV=nonexist \"$BASH\" -c 'echo ok'", "env: x 1\nmain\nenv: s.sh 1\nscript\nok\n", 0);
  t("an exit in the BASH_ENV file ends the shell before its command", "echo 'exit 3' > ex; BASH_ENV=ex \"$BASH\" -c 'echo no'; echo $?", "3\n", 0);
  t("EXECIGNORE hides programs from the PATH search", "EXECIGNORE='*/ls'; ls / >/dev/null 2>&1; echo $?; type -t ls; command -v ls; echo $?; /bin/ls -d / ; unset EXECIGNORE; command -v ls >/dev/null; echo $?", "127\n1\n/\n0\n", 0);
  t("TMOUT is the timeout of a read without -t", "TMOUT=1; mkfifo p; exec 3<>p; read x <&3; echo \"st $?\"; read -t 0.1 y <&3; echo \"st $?\"", "st 142\nst 142\n", 0);
  t("noclobber refuses /dev/stdout when it is a regular file", "set -C; { echo a > /dev/stdout; echo \"st $?\"; } > out 2>/dev/null; cat out; echo b > /dev/stdout | cat", "st 1\nb\n", 0);
  t("xtrace of (( )) shows the expression after its expansions, after their own traces", "exec 2>&1; set -x; y=2; (( x = $y + ${y} + $((1+1)) )); (( z = $(echo 3) )); (( q = `echo 4` ))", "+ y=2\n+ ((  x = 2 + 2 + 2  ))\n++ echo 3\n+ ((  z = 3  ))\n++ echo 4\n+ ((  q = 4  ))\n", 0);
  t("globstar after a glob: a name in the middle must be a directory, the self match has no slash", "mkdir -p a/b/c; touch a/b/f a/f a/b/c/g; shopt -s globstar; echo a/b/**; echo **/b/**; echo */b/**; echo a/*/**; echo **/c/**", "a/b/ a/b/c a/b/c/g a/b/f\na/b a/b/c a/b/c/g a/b/f\na/b a/b/c a/b/c/g a/b/f\na/b a/b/c a/b/c/g a/b/f\na/b/c a/b/c/g\n", 0);
  t("GLOBIGNORE with globstar: a trailing star also ignores what is deeper", "mkdir -p a/b/c; touch a/b/f a/f a/b/c/g f xf; shopt -s globstar; for g in '*f' 'a/b' 'a/b*' 'a/b/*' 'a/*f'; do GLOBIGNORE=$g; echo \"$g: \" **; done; GLOBIGNORE='*'; echo **", "*f:  a a/b a/b/c a/b/c/g a/b/f a/f\na/b:  a a/b/c a/b/c/g a/b/f a/f f xf\na/b*:  a a/f f xf\na/b/*:  a a/b a/f f xf\na/*f:  a a/b a/b/c a/b/c/g a/b/f f xf\n**\n", 0);
  t("globstar **/ lists a link to a directory without going into it", "mkdir -p a/b/c; touch a/b/f a/f; ln -s a/b lnk; shopt -s globstar; echo **/; echo **/f; echo lnk/**", "a/ a/b/ a/b/c/ lnk/\na/b/f a/f\nlnk/ lnk/c lnk/f\n", 0);
  t("set -v leaves out the lines a multi-line $( ) goes on to", "printf 'set -v\\nx=$(echo sub\\n); echo after\\nif true; then\\n  y=$(echo a\\n  echo b)\\nfi\\necho `echo bt\\n`\\necho last\\n' > v.sh; \"$BASH\" v.sh 2>&1", "x=$(echo sub\nafter\nif true; then\n  y=$(echo a\nfi\necho `echo bt\n`\nbt\necho last\nlast\n", 0);
  t("POSIXLY_CORRECT assigned at the top level turns posix mode on, unset turns it off", "POSIXLY_CORRECT=1; set -o | grep posix; shopt -p inherit_errexit shift_verbose; unset POSIXLY_CORRECT; set -o | grep posix; shopt -p shift_verbose; POSIXLY_CORRECT=1 true; set -o | grep posix", "posix          \ton\nshopt -s inherit_errexit\nshopt -s shift_verbose\nposix          \toff\nshopt -u shift_verbose\nposix          \toff\n", 0);
}

// ---------------------------------------------------------------- builtins (cd, pwd)
{
  const t = section('builtins');
  t("cd to an empty name still sets OLDPWD, cd - with an empty OLDPWD prints an empty line", "cd /tmp; OLDPWD=/usr; cd ''; echo \"$? $OLDPWD\"; HOME=; OLDPWD=/usr; cd; echo \"$? $OLDPWD\"; OLDPWD=; cd -; echo \"$? [$PWD] [$OLDPWD]\"", "0 /tmp\n0 /tmp\n\n0 [/tmp] [/tmp]\n", 0);
  t("cd -P through CDPATH prints the name found, not the link target", "mkdir -p x/y; ln -s x/y ly; CDPATH=$PWD; D=$PWD; cd ly | sed \"s|$D|D|\"; cd -P ly | sed \"s|$D|D|\"; cd -P ly >/dev/null; echo ${PWD#$D}", "D/ly\nD/ly\n/x/y\n", 0);
  t("cd under a file says Not a directory", "touch f; cd f/x 2>&1 | sed 's/^[^:]*: line 1: //'; cd f 2>&1 | sed 's/^[^:]*: line 1: //'; cd nosuch/x 2>&1 | sed 's/^[^:]*: line 1: //'", "cd: f/x: Not a directory\ncd: f: Not a directory\ncd: nosuch/x: No such file or directory\n", 0);
  t("cd with a readonly PWD or OLDPWD changes directory and fails", "cd /tmp; (readonly PWD; cd /; echo $? $PWD; pwd); cd /tmp; cd /; readonly OLDPWD; cd /usr; echo $? $PWD $OLDPWD", "1 /tmp\n/\n1 /usr /tmp\n", 0);
  t("a new shell keeps an inherited PWD that names its directory through a link", "D=$PWD; mkdir real; ln -s real lnk; cd lnk; \"$BASH\" -c 'pwd; echo \"$PWD\"' | sed \"s|$D|D|\"; env PWD=/nonexistent \"$BASH\" -c 'pwd' | sed \"s|$D|D|\"", "D/lnk\nD/lnk\nD/real\n", 0);
  t("cd to a relative name found only on disk through a link goes there physically", "mkdir -p r/sub r/x; ln -s r/sub l; D=$PWD; cd l; cd ../x; echo $? ${PWD#$D}; cd \"$D/l\"; cd ../nosuch 2>/dev/null; echo $? ${PWD#$D}", "0 /r/x\n1 /l\n", 0);
  t(".. in names given to commands is the parent on disk, not the logical one", "mkdir -p r/sub r/x; echo content > r/x/f; ln -s r/sub l; cd l; [ -d ../x ] && echo test-sees-it; [[ -f ../x/f ]] && echo cond-sees-it; cat < ../x/f; echo \"$(< ../x/f)\"; echo ../x/*; echo 'echo sourced' > ../x/s.sh; . ../x/s.sh; echo hi > ../x/g; cat ../x/g", "test-sees-it\ncond-sees-it\ncontent\ncontent\n../x/f\nsourced\nhi\n", 0);
}

// ---------------------------------------------------------------- traps ($BASH_COMMAND)
{
  const t = section('traps');
  t("BASH_COMMAND in an EXIT trap is the last command, not the trap action", "(trap 'echo \"last: $BASH_COMMAND\"' EXIT; echo a; exit 2); echo $?", "a\nlast: exit 2\n2\n", 0);
  t("BASH_COMMAND in an EXIT trap after set -e stops on [[ ]]", "set -e; (trap 'echo \"failed: $BASH_COMMAND ($?)\"' EXIT; echo a; [[ -f nofile ]]; echo b)", "a\nfailed: [[ -f nofile ]] (1)\n", 1);
  t("BASH_COMMAND in the ERR trap after a failed subshell is the subshell", "trap 'echo \"ERR $BASH_COMMAND\"' ERR; (false; true); (exit 3); (cd /; false) > /dev/null; echo x", "ERR ( exit 3 )\nERR ( cd /; false ) > /dev/null\nx\n", 0);
  t("BASH_COMMAND after a pipeline is its last simple command", "(trap 'echo \"[$BASH_COMMAND]\"' EXIT; echo a | ( cat )); (trap 'echo \"[$BASH_COMMAND]\"' EXIT; ( true ) | cat)", "a\n[echo a]\n[cat]\n", 0);
  t("BASH_COMMAND in an arithmetic for loop is each expression", "(trap 'echo \"[$BASH_COMMAND]\"' EXIT; for ((i=0; i<1; i++)); do :; done)", "[((i<1))]\n", 0);
  t("BASH_COMMAND follows (( )), [[ ]] and case without a DEBUG trap", "trap 'echo \"[$BASH_COMMAND]\"' ERR; [[ -z x ]]; (( 0 )); (trap 'echo \"[$BASH_COMMAND]\"' EXIT; case x in y) ;; esac)", "[[[ -z x ]]]\n[(( 0 ))]\n[case x in ]\n", 0);
  t("a bare return in a trap handler returns $? from before the handler", "set -E; trap 'echo \"caught $?\"; return' ERR; f() { (exit 3); echo no; }; f; echo \"f $?\"; trap - ERR; g() { trap 'echo r; return' USR1; (exit 4); kill -USR1 $$; echo after-kill; }; g; echo \"g $?\"", "caught 3\ncaught 3\nf 3\nr\ng 0\n", 0);
}

// ---------------------------------------------------------------- redirects ({var} fds)
{
  const t = section('redirects');
  t("a {var} redirection on a builtin, function or compound stays open after it", "echo x {a}>/dev/null; echo y >&$a; echo $?; f() { :; }; f {b}>out; echo z >&$b; cat out; { :; } {c}>>out; echo w >&$c; cat out; echo $a $b $c", "x\n0\nz\nz\nw\n10 11 12\n", 0);
  t("a {var} here-string stays readable after the command", "echo a {fd}<<<hello; cat <&$fd; while read -r l; do echo \"[$l]\"; done {g}<<<'abc'; cat <&$g", "a\nhello\nabc\n", 0);
  t("varredir_close closes a {var} redirection with its command", "shopt -s varredir_close; echo x {fd}>/dev/null; echo \"[$fd]\"; echo y >&$fd; echo $?", "x\n[10]\n1\n", 0);
  t("{var} fds are closed with exec {var}>&-", "true {fd}>o1; echo $fd; exec {fd}>&-; echo z >&$fd; echo $?", "10\n1\n", 0);
}

// ---------------------------------------------------------------- set-e
{
  const t = section('set-e');
  t("under set -e a negative subscript out of range ends the shell, even in a condition", "set -e; trap 'echo \"exit $?\"' EXIT; a=(1); if echo \"${a[-3]:-d}\"; then echo then; fi; echo never", "exit 1\n", 1);
  t("a negative subscript out of range: fatal in arithmetic and local under set -e, not in $( ) without inherit_errexit", "set -e; a=(); x=$(echo \"${a[-1]}\"; echo in); echo \"[$x]\"; (echo $(( a[-2] )); echo sub-never); echo \"sub $?\" ; f() { local top=${a[-1]}; echo f-never; }; f; echo never", "[\nin]\n", 1);
  t("a negative subscript out of range without set -e expands to nothing", "a=(1); echo \"[${a[-3]}]\" $?; echo $(( a[-3] ))", "[] 0\n0\n", 0);
  t("wait -n gives the status of a job that already ended, so set -e stops there", "false & false & wait -n; echo \"st $?\"; set -e; false & wait -n; echo never", "st 1\n", 1);
}

// ---------------------------------------------------------------- param-ops
{
  const t = section('param-ops');
  t("a slice whose offset is past the list is empty before its negative length is checked", "set -- a b; echo \"[${@:4:-1}]\" \"[${@: -4:-1}]\"; a=(1 2 3); echo \"[${a[@]:3:-1}]\" \"[${a[@]: -7:-1}]\"; (echo \"${a[@]:2:-1}\") 2>/dev/null; echo \"st $?\"", "[] []\n[] []\nst 1\n", 0);
  t("${a[@]@K} of an empty array is no word; of a scalar its quoted value", "declare -A m; a=(); echo \"[${m[@]@K}]\" \"${m[@]@K}\" \"${a[@]@K}\" ok; echo \"${m[*]@K}\" ok; x=5; echo \"${x[@]@K}\" \"${x[@]@k}\"; b=(1 2); printf '<%s>' \"${b[@]@K}\"; echo", "[] ok\n ok\n'5' '5'\n<0 \"1\" 1 \"2\">\n", 0);
  t("${a[@]@a} of an array declared without a value shows its attributes once; ${s[@]@A} of a scalar", "declare -A m; declare -a e; a=(); echo \"[${m[@]@a}]\" \"[${e[@]@a}]\" \"[${a[@]@a}]\"; s=str; declare -i i=3; echo \"${s[@]@A}\" \"${i[@]@A}\"", "[A] [a] []\ns='str' declare -i i='3'\n", 0);
}
