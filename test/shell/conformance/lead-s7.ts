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
