// Conformance cases (expectations recorded by running bash 5.2): what the lead found in the
// seventh session's probes (variable listings, and the areas no helper covered).
import { section } from '../conformance-table.js';

{
  const t = section('shell-vars');
  t("declare -p shows the alias and command tables", "alias q=r; declare -p BASH_ALIASES BASH_CMDS; hash -p /bin/true tt; declare -p BASH_CMDS", "declare -A BASH_ALIASES=([q]=\"r\" )\ndeclare -A BASH_CMDS=()\ndeclare -A BASH_CMDS=([tt]=\"/bin/true\" )\n", 0);
  t("set leaves out specials nobody assigned", "set | grep -cE '^(RANDOM|SRANDOM|LINENO|SECONDS|BASHPID|EPOCHSECONDS|EPOCHREALTIME|HISTCMD|BASH_SUBSHELL|BASH_COMMAND|BASH_ARGV0|COMP_WORDBREAKS)='; COMP_WORDBREAKS=x; SECONDS=100; set | grep -E '^(COMP_WORDBREAKS|SECONDS)='", "0\nCOMP_WORDBREAKS=x\nSECONDS=100\n", 0);
  t("declare -p lists unassigned specials without values", "declare -p | grep -E '^declare -. (RANDOM|LINENO|BASHPID|EPOCHSECONDS|BASH_SUBSHELL|COMP_WORDBREAKS|HISTCMD|SRANDOM)$'", "declare -i BASHPID\ndeclare -- BASH_SUBSHELL\ndeclare -- COMP_WORDBREAKS\ndeclare -- EPOCHSECONDS\ndeclare -i HISTCMD\ndeclare -- LINENO\ndeclare -i RANDOM\ndeclare -i SRANDOM\n", 0);
  t("listings show the alias table and the stacks as empty", "alias q=r; pushd / >/dev/null; set | grep -E '^(BASH_ALIASES|BASH_CMDS|GROUPS|DIRSTACK)='; declare | grep -c '^DIRSTACK=()'; declare -p | grep -E '^declare -A BASH_ALIASES'; declare -p DIRSTACK | grep -c /", "BASH_ALIASES=()\nBASH_CMDS=()\nDIRSTACK=()\nGROUPS=()\n1\ndeclare -A BASH_ALIASES=()\n1\n", 0);
  t("TERM is dumb when the environment has none", "declare -p TERM; env | grep -c '^TERM='", "declare -- TERM=\"dumb\"\n0\n", 1);
}

{
  const t = section('set-shopt');
  t("assigning POSIXLY_CORRECT turns posix mode on, unsetting it off", "POSIXLY_CORRECT=1; set -o | grep posix; shopt inherit_errexit; unset POSIXLY_CORRECT; set -o | grep posix", "posix          \ton\ninherit_errexit\ton\nposix          \toff\n", 0);
  t("POSIXLY_CORRECT bound for one command or a local turns posix mode back off", "POSIXLY_CORRECT=y true; set -o | grep posix; f() { local POSIXLY_CORRECT=1; set -o | grep posix; }; f; set -o | grep posix", "posix          \toff\nposix          \ton\nposix          \toff\n", 0);
  t("set -o posix sets POSIXLY_CORRECT", "set -o posix; echo $POSIXLY_CORRECT; set +o posix; echo ${POSIXLY_CORRECT-unset}", "y\nunset\n", 0);
}

{
  const t = section('redirects');
  t("a background writer to a FIFO and a reader after it", "mkfifo ff; seq 2 > ff & cat < ff; wait $!; echo \"st $?\"", "1\n2\nst 0\n", 0);
  t("a background builtin writes a FIFO the shell then reads", "mkfifo ff; printf 'x\\ny\\n' > ff & while read -r l; do echo \"[$l]\"; done < ff", "[x]\n[y]\n", 0);
  t("a background pipeline into a FIFO", "mkfifo ff; seq 3 | tr 1-3 a-c > ff & cat ff", "a\nb\nc\n", 0);
  t("a job killed while its FIFO open waits", "mkfifo ff; sleep 1 > ff & kill %1; wait; echo \"killed $?\"", "killed 0\n", 0);
  t("a FIFO opened read-write takes its own line back", "mkfifo ff; exec 3<> ff; echo w >&3; read -u 3 v; echo $v", "w\n", 0);
  t("read from a pipe that fills slowly", "{ printf 'ab'; sleep 0.2; printf 'c\\nrest\\n'; } | { read x; echo \"$x\"; read y; echo \"$y\"; }", "abc\nrest\n", 0);
  t("read from a pipe leaves the rest for the next reader", "printf 'a\\nb\\nc\\nd\\n' | while read l; do echo \"[$l]\"; head -n1; done", "[a]\nb\n", 0);
}
