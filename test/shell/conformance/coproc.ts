// Conformance cases (expectations recorded by running bash 5.2): coproc, the BASH_* variables
// bash sets at start-up (BASH_ARGV/BASH_ARGC, BASH_EXECUTION_STRING) and here-documents ended
// by end of file. A coprocess that ends is disposed of at the next command (its array and
// NAME_PID unset, its fds closed), so these cases keep it alive while they use its fds, keep
// its pid in a variable before it can end, or copy its read end (`exec 5<&...`) first.
import { section } from '../conformance-table.js';

/**
 * Keeps a warning from "warning:" on: what comes before it ("NAME: line N: ") is not compared
 * (bash leaves the line out in some -c cases, aosh always does there).
 */
const WARN = `trap 'sed "s/^.*warning: /warning: /" e' EXIT; exec 2>e\n`;

// ---------------------------------------------------------------- coproc
{
  const t = section('coproc');
  t('coproc round trip through cat', 'coproc cat; echo hi >&${COPROC[1]}; read -u ${COPROC[0]} x; echo "$x"; exec {COPROC[1]}>&-; wait', 'hi\n');
  t('COPROC holds two fds and COPROC_PID a pid', 'coproc cat; [[ $COPROC_PID =~ ^[0-9]+$ ]] && echo pid; echo ${#COPROC[@]}; exec {COPROC[1]}>&-; wait', 'pid\n2\n');
  t('the fds are 63 and 60 when free', 'coproc cat; echo ${COPROC[@]}; exec {COPROC[1]}>&-; wait', '63 60\n');
  t('a used fd is skipped when numbering', 'exec 60>/dev/null; coproc cat; echo ${COPROC[@]}; exec {COPROC[1]}>&-; wait', '63 59\n');
  t('$! is the coprocess pid', 'coproc cat; [[ $! == "$COPROC_PID" ]] && echo same; exec {COPROC[1]}>&-; wait', 'same\n');
  t('named coproc with a group', 'coproc UP { tr a-z A-Z; }; echo abc >&${UP[1]}; exec {UP[1]}>&-; read -u ${UP[0]} l; echo "$l"; wait', 'ABC\n');
  t('named coproc sets NAME_PID', 'coproc N { read; }; [[ -n $N_PID && -z ${COPROC_PID-} ]] && echo named; echo >&${N[1]}; wait', 'named\n');
  t('wait on the coprocess pid gives its status', 'coproc N { read x; exit $x; }; p=$N_PID; echo 3 >&${N[1]}; wait $p; echo "st=$?"', 'st=3\n');
  t('after wait the array and pid are unset', 'coproc cat; exec {COPROC[1]}>&-; wait $COPROC_PID; echo "${COPROC[@]-gone} ${COPROC_PID-gone}"', 'gone gone\n');
  t('closing the write end sets it to -1', 'coproc cat; exec {COPROC[1]}>&-; declare -p COPROC; wait', 'declare -a COPROC=([0]="63" [1]="-1")\n');
  t('closing by number sets it to -1 too', 'coproc cat; exec 60>&-; echo ${COPROC[@]}; wait', '63 -1\n');
  t('several lines through a while loop', 'coproc L while read x; do echo "<$x>"; done; exec 5<&${L[0]}; printf "%s\\n" a b >&${L[1]}; exec {L[1]}>&-; cat <&5', '<a>\n<b>\n');
  t('the fds are not inherited by programs', 'coproc cat; ls /proc/self/fd/${COPROC[0]} >/dev/null 2>&1 && echo inherited || echo closed; exec {COPROC[1]}>&-; wait', 'closed\n');
  t('a program reads the coprocess through a redirection', 'coproc { echo one; echo two; read; }; head -n 1 <&${COPROC[0]}; echo >&${COPROC[1]}; wait', 'one\n');
  t('the coprocess does not see its own fds', 'coproc { ls /proc/self/fd/63 >/dev/null 2>&1 && echo has || echo none; read; }; read -u ${COPROC[0]} r; echo $r; echo >&${COPROC[1]}; wait', 'none\n');
  t('builtins in the coprocess', 'coproc { read a; echo "got $a"; }; echo ping >&${COPROC[1]}; read -u ${COPROC[0]} r; echo "$r"; wait', 'got ping\n');
  t('the coprocess sees variables and its changes stay there', 'x=1; coproc { x=2; echo $x; read; }; read -u ${COPROC[0]} v; echo $v $x; echo >&${COPROC[1]}; wait', '2 1\n');
  t('a word before a simple command is the command', 'coproc NOPE echo hi 2>/dev/null; p=$COPROC_PID; wait $p; echo "st=$? ${NOPE-none}"', 'st=127 none\n');
  t('coproc with a subshell', 'coproc S ( read x; echo "[$x]" ); echo in >&${S[1]}; read -u ${S[0]} r; echo "$r"; wait', '[in]\n');
  t('coproc started in a function sets global names', 'f() { coproc cat; }; f; echo ${#COPROC[@]}; exec {COPROC[1]}>&-; wait', '2\n');
  t('a second coproc while one runs gets the next fds', 'coproc A { read; }; coproc B { read; } 2>/dev/null; echo ${A[@]} ${B[@]}; echo >&${A[1]}; echo >&${B[1]}; wait', '63 60 62 58\n');
  t('jobs lists the coprocess', 'coproc cat; jobs; exec {COPROC[1]}>&-; wait', '[1]+  Running                 coproc COPROC cat &\n');
  t('jobs shows a named group coprocess', 'coproc N { cat; }; jobs; exec {N[1]}>&-; wait', '[1]+  Running                 coproc N { cat; } &\n');
  t('a lone coproc is a syntax error', 'coproc; echo after', '', 2);
  t(
    'declare -f prints coproc as written',
    'f() { coproc cat; coproc N { cat; echo x; } 2>/dev/null; coproc M while true; do :; done; coproc (cat); coproc N2 (cat) >/dev/null; }; declare -f f',
    'f () \n{ \n    coproc COPROC cat;\n    coproc N { \n        cat;\n        echo x\n    } 2> /dev/null;\n    coproc M while true; do\n        :;\n    done;\n    coproc COPROC ( cat );\n    coproc N2 ( cat ) > /dev/null\n}\n',
  );
  t('type prints a coproc in a pipeline', 'g() { coproc ls -l | wc -l; }; type g | tail -n +3', '{ \n    coproc COPROC ls -l | wc -l\n}\n');
}

// ---------------------------------------------------------------- shell variables
{
  const t = section('shell-vars');
  t('${!BASH*} names', 'echo ${!BASH*}', 'BASH BASHOPTS BASHPID BASH_ALIASES BASH_ARGC BASH_ARGV BASH_ARGV0 BASH_CMDS BASH_COMMAND BASH_EXECUTION_STRING BASH_LINENO BASH_LOADABLES_PATH BASH_SOURCE BASH_SUBSHELL BASH_VERSINFO BASH_VERSION\n');
  t('BASH_EXECUTION_STRING is the -c string', 'echo "[$BASH_EXECUTION_STRING]"', '[echo "[$BASH_EXECUTION_STRING]"]\n');
  t('BASH_ARGV holds the start-up arguments reversed', 'declare -p BASH_ARGV BASH_ARGC', 'declare -a BASH_ARGV=([0]="b" [1]="a")\ndeclare -a BASH_ARGC=([0]="2")\n', 0, { args: ['x', 'a', 'b'] });
  t('BASH_ARGV empty without arguments', 'declare -p BASH_ARGV BASH_ARGC', 'declare -a BASH_ARGV=()\ndeclare -a BASH_ARGC=([0]="0")\n');
  t('the frame is made at the first reference, after set -- and shift', 'set -- p q r; shift; echo "${BASH_ARGV[*]} / ${BASH_ARGC[*]}"; set -- z; echo "${BASH_ARGV[*]}"', 'r q / 2\nr q\n', 0, { args: ['x', 'a'] });
  t('functions push frames only under extdebug', 'f() { echo "${BASH_ARGV[*]} / ${BASH_ARGC[*]}"; }; f 1 2; shopt -s extdebug; f 1 2; shopt -u extdebug; f 3', ' / \n2 1 b a / 2 2\nb a / 2\n', 0, { args: ['x', 'a', 'b'] });
  t('nested extdebug frames', 'shopt -s extdebug; f() { g z; }; g() { echo "${BASH_ARGV[*]} / ${BASH_ARGC[*]}"; }; f 1 2', 'z 2 1 a / 1 2 1\n', 0, { args: ['x', 'a'] });
  t('BASH_COMMAND names each command to the DEBUG trap', 'trap \'echo "[$BASH_COMMAND]"\' DEBUG; x=1; echo hi $x', '[x=1]\n[echo hi $x]\nhi 1\n');
}

// ---------------------------------------------------------------- here-document at end of file
{
  const t = section('heredoc-eof');
  t('a here-document ended by end of file still runs', 'cat <<EOF\nhello', 'hello\n');
  // The warning comes while the line is parsed: `exec 2>e` on a line before catches it, and
  // the EXIT trap shows it once the body has run.
  t('the warning names the line and the delimiter', `${WARN}echo a\ncat <<-END\n\tbody`, "a\nbody\nwarning: here-document at line 3 delimited by end-of-file (wanted `END')\n");
  t('the second of two here-documents', `${WARN}cat <<A; cat <<B\na\nA\nb`, "a\nb\nwarning: here-document at line 4 delimited by end-of-file (wanted `B')\n");
  t('an empty here-document at end of file', `${WARN}cat <<EOF`, "warning: here-document at line 2 delimited by end-of-file (wanted `EOF')\n");
  t('<<- at end of file', 'cat <<-END\n\tbody', 'body\n');
}
{
  const t = section('coproc');
  // The shell's ends close when the script ends, as bash's do when it exits: `cat` sees the end of its input.
  t('a coproc reading to the end of its input ends with the script', 'coproc cat; echo hi >&${COPROC[1]}; read -r l <&${COPROC[0]}; echo "$l"', 'hi\n');
  t('the same, with an EXIT trap and a named coproc', 'trap "echo bye" EXIT; coproc C { cat; }; echo x >&${C[1]}; read -r l <&${C[0]}; echo "got $l"', 'got x\nbye\n');
}
