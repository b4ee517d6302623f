// Conformance cases (expectations recorded by running bash 5.2): less common builtins and their output formats:
// help -s/-d/-m, compgen/complete listings and errors, dirs/pushd/popd/cd, ulimit/umask/times, kill/jobs/wait/disown, printf/echo corners.
import { section } from '../conformance-table.js';

{
  const t = section('builtins');
  t('help -s prints NAME: SYNOPSIS', 'help -s pwd; help -s for while; echo "st=$?"', 'pwd: pwd [-LP]\nfor: for NAME [in WORDS ... ] ; do COMMANDS; done\nwhile: while COMMANDS; do COMMANDS-2; done\nst=0\n');
  t('help -s with a glob prints a header first', 'help -s \'pu*\' | cut -d: -f1', 'Shell commands matching keyword `pu*\'\n\npushd\n');
  t('help -s for a prefix matches several topics', 'help -s \'for\' | cut -d: -f1; help -s \'[[\' \'((\' | cut -d: -f1', 'for\n[[ ... ]]\n(( ... ))\n');
  t('help -d lines start with the name and a dash', 'help -d pwd cd | cut -d\' \' -f1-2', 'pwd -\ncd -\n');
  t('help -s with no matching topic is status 1', 'help -s nosuchtopic 2>/dev/null; echo "st=$?"; help -d zz yy 2>/dev/null; echo "st=$?"', 'st=1\nst=1\n');
  t('help with one matching pattern out of two succeeds', 'help -s nosuchtopic pwd 2>/dev/null; echo "st=$?"', 'pwd: pwd [-LP]\nst=0\n');
  t('help -m has NAME and SYNOPSIS sections', 'help -m pwd | sed -n \'1p;4p;5p\'', 'NAME\nSYNOPSIS\n    pwd [-LP]\n');
  t('help -s for reserved words', 'help -s if until \'{\' time | cut -d: -f1', 'if\nuntil\n{ ... }\ntime\n');
}

{
  const t = section('complete');
  t('compgen -A arrayvar skips arrays declared without a value', 'declare -a c; declare -A e; d=(); declare -A b=([k]=v); compgen -A arrayvar | grep -E \'^[bcde]$\'; compgen -v c; compgen -v e; echo "st=$?"', 'b\nd\nst=1\n');
  t('compgen -A arrayvar lists the shell\'s array variables', 'compgen -A arrayvar | grep -E \'^(BASH_ARGC|BASH_SOURCE|DIRSTACK|GROUPS|BASH_VERSINFO)$\'', 'BASH_ARGC\nBASH_SOURCE\nBASH_VERSINFO\nDIRSTACK\nGROUPS\n');
  t('complete -r of an unknown name before any spec exists', 'complete -r nosuch; echo "st=$?"; complete -W a y; complete -r nosuch 2>/dev/null; echo "st=$?"', 'st=0\nst=1\n');
  t('complete -F refuses a name with a blank or metacharacter', 'complete -F \'a b\' x 2>/dev/null; echo "st=$?"; complete -F \'a;\' x 2>/dev/null; echo "st=$?"; complete -F a-b.c y; echo "st=$?"; complete -p', 'st=2\nst=2\nst=0\ncomplete -F a-b.c y\n');
  t('compgen -F refuses an invalid name too', 'compgen -F \'a|b\' 2>/dev/null; echo "st=$?"', 'st=2\n');
  t('complete -p quotes command names with metacharacters', 'complete -W a \'my cmd\' \'p*\' \'#a\' a# c=d \'~x\'; complete -p | sort', 'complete -W \'a\' \'#a\'\ncomplete -W \'a\' \'my cmd\'\ncomplete -W \'a\' \'p*\'\ncomplete -W \'a\' \'~x\'\ncomplete -W \'a\' a#\ncomplete -W \'a\' c=d\n');
  t('complete -p writes a lone quote as a backslash quote', 'complete -W "\'" -S "a\'b" x; complete -p x', 'complete -W \\\' -S \'a\'\\\'\'b\' x\n');
}

{
  const t = section('quoting');
  t('a lone single quote is printed as backslash quote by alias, trap -p, set and @Q', 'alias q="\'"; alias q; x="\'"; echo "${x@Q}"; trap "\'" INT; trap -p INT; set | grep \'^x=\'', 'alias q=\\\'\n\\\'\ntrap -- \\\' SIGINT\nx=\\\'\n');
}
{
  const t = section('functions');
  t('a prefix assignment reaches a function in a pipeline', 'f() { echo "[$x]"; }; x=3 f | cat; echo | x=5 f; echo "after [$x]"', '[3]\n[5]\nafter []\n');
}

{
  const t = section('builtins');
  t('a prefix assignment reaches a builtin in a pipeline', 'x=2 eval \'echo "$x"\' | cat; y=1 printf \'%s\\n\' "${y-unset}" | cat; CDPATH= true | cat; echo "[${x-unset}]"', '2\nunset\n[unset]\n');
  t('a prefix assignment reaches a function run in the background', 'f() { echo "[$v]"; }; v=bg f & wait; echo "[${v-unset}]"', '[bg]\n[unset]\n');
}

{
  const t = section('dirstack');
  t('CDPATH as a prefix of cd in a pipeline prints the directory', 'mkdir -p d/e; CDPATH=d cd e | sed "s#$PWD#P#"; echo "st=${PIPESTATUS[0]}"', 'P/d/e\nst=0\n');
  t('cd -P resolves a link before the dot-dot after it', 'mkdir -p real/sub; ln -s real/sub link; cd -P link/..; echo "${PWD##*/}"; cd ..; cd link/..; ls', 'real\nlink\nreal\n');
  t('cd takes combined -L -P -e flags', 'mkdir -p real; ln -s real link; cd -Pe link; echo "${PWD##*/}"; cd ..; cd -PL link; echo "${PWD##*/}"; cd ..; cd -LP link; echo "${PWD##*/}"', 'real\nlink\nreal\n');
  t('cd with an invalid option is status 2', 'cd -x . 2>/dev/null; echo "st=$?"; cd -Lx . 2>/dev/null; echo "st=$?"', 'st=2\nst=2\n');
  t('cdable_vars takes a variable\'s value and prints it', 'shopt -s cdable_vars; mkdir tgt; v=tgt; cd v; echo "st=$? ${PWD##*/}"; cd ..; cd nosuchvar 2>/dev/null; echo "st=$?"', 'tgt\nst=0 tgt\nst=1\n');
  t('pwd with an invalid option is status 2', 'pwd -x 2>/dev/null; echo "st=$?"; pwd -LPq 2>/dev/null; echo "st=$?"', 'st=2\nst=2\n');
  t('pwd -L and -P combine and the last wins', 'mkdir real; ln -s real link; cd link; pwd -PL | sed \'s#.*/##\'; pwd -LP | sed \'s#.*/##\'; set -P; pwd | sed \'s#.*/##\'; pwd -L | sed \'s#.*/##\'', 'link\nreal\nreal\nlink\n');
  t('pwd -P fails when the directory was removed', 'mkdir a; cd a; rmdir ../a; p=$(pwd); echo "${p##*/}"; pwd -P 2>/dev/null; echo "st=$?"', 'a\nst=1\n');
}
{
  const t = section('jobs');
  t('a job that ended during a foreground command is no longer listed', 'true & sleep 0.3; jobs; echo "n=$(jobs | wc -l)"; jobs %1 2>/dev/null; echo "st=$?"', 'n=0\nst=1\n');
  t('wait PID still has the status of a job no longer listed', '(exit 6) & p=$!; sleep 0.3; jobs; wait $p; echo "st=$?"', 'st=6\n');
  t('job numbers start again once the ended jobs are gone', 'true & sleep 0.3; sleep 0.5 & jobs; wait', '[1]+  Running                 sleep 0.5 &\n');
  t('jobs marks the current and previous job whatever is listed', 'sleep 1 & sleep 1 & jobs %1; jobs %2; jobs %2 %1; kill %1 %2; wait', '[1]-  Running                 sleep 1 &\n[2]+  Running                 sleep 1 &\n[2]+  Running                 sleep 1 &\n[1]-  Running                 sleep 1 &\n');
  t('jobs -r and -s filter by state', 'sleep 1 & jobs -r; jobs -s; echo "st=$?"; kill %1; wait', '[1]+  Running                 sleep 1 &\nst=0\n');
  t('jobs with an unknown job is status 1', 'sleep 1 & jobs %3 2>/dev/null; echo "st=$?"; jobs %1 %4 2>/dev/null; echo "st=$?"; kill %1; wait', 'st=1\n[1]+  Running                 sleep 1 &\nst=1\n');
  t('jobs -x runs a command with job specs replaced by pids', 'sleep 1 & jobs -x echo %1 | grep -c \'^[0-9][0-9]*$\'; jobs -x echo plain words; jobs -x; echo "st=$?"; kill %1; wait', '1\nplain words\nst=0\n');
  t('jobs -n lists a job once until it changes', 'sleep 1 & jobs -n; jobs -n; echo "st=$?"; kill %1; wait', '[1]+  Running                 sleep 1 &\nst=0\n');
  t('kill a job by a substring of its command', 'sleep 10 & kill %?eep; wait %1; echo "st=$?"', 'st=143\n');
  t('kill -l with 0 and EXIT', 'kill -l 0; kill -l EXIT; kill -l exit; echo "st=$?"', 'EXIT\n0\n0\nst=0\n');
  t('kill -l names the real-time signals', 'kill -l 34 35 49 50 63 64; kill -l RTMIN RTMAX RTMIN+1 SIGRTMAX-1 rtmin+15', 'RTMIN\nRTMIN+1\nRTMIN+15\nRTMAX-14\nRTMAX-1\nRTMAX\n34\n64\n35\n63\n49\n');
  t('kill -l of an out-of-range real-time name fails', 'kill -l RTMIN-1 2>/dev/null; echo "st=$?"; kill -l RTMAX+1 2>/dev/null; echo "st=$?"', 'st=1\nst=1\n');
  t('kill -l after a double dash', 'kill -l -- 9 TERM', 'KILL\n15\n');
  t('wait -p names the pid waited for', '(exit 2) & wait -p v $!; echo "st=$?"; [ "$v" = "$!" ] && echo same; (exit 3) & wait -p w %1; echo "st=$?"; [ "$w" = "$!" ] && echo same', 'st=2\nsame\nst=3\nsame\n');
  t('wait in a pipeline stage has no children', 'wait 1 2 2>&1 | sed \'s/.*wait: /wait: /\'; echo "st=${PIPESTATUS[0]}"', 'wait: pid 1 is not a child of this shell\nwait: pid 2 is not a child of this shell\nst=127\n');
  t('suspend with an invalid option is status 2', 'suspend -x 2>/dev/null; echo "st=$?"; suspend -fq 2>/dev/null; echo "st=$?"', 'st=2\nst=2\n');
}
{
  const t = section('builtins');
  t('set -o history records the lines read after it', 'set -o history\necho a; echo b\nhistory', 'a\nb\n    1  echo a; echo b\n    2  history\n');
  t('history joins the lines of a compound command', 'set -o history\nfor i in 1 2; do\n  echo $i\ndone\nif true\nthen\n  :\nfi\nf() {\n  echo in\n}\nhistory', '1\n2\n    1  for i in 1 2; do   echo $i; done\n    2  if true; then   :; fi\n    3  f() {   echo in; }\n    4  history\n');
  t('history keeps comment lines and drops blank ones', 'set -o history\n# a comment\n\necho one   # trailing\nhistory', 'one\n    1  # a comment\n    2  echo one   # trailing\n    3  history\n');
  t('history joins continued pipelines and backslash lines', 'set -o history\necho a |\n  cat\necho x \\\n  y\nhistory', 'a\nx y\n    1  echo a |   cat\n    2  echo x   y\n    3  history\n');
  t('history keeps a here-document\'s newlines', 'set -o history\ncat <<EOF\ndoc\nEOF\nhistory | od -c | sed -n \'1,3p\'', 'doc\n0000000                   1           c   a   t       <   <   E   O   F\n0000020  \\n   d   o   c  \\n   E   O   F  \\n  \\n                   2    \n0000040       h   i   s   t   o   r   y       |       o   d       -   c\n');
  t('history -c, -d and a count', 'set -o history\necho a\necho b\nhistory -d 1\nhistory 2\nhistory -c\necho "n=$(history | wc -l)"', 'a\nb\n    2  history -d 1\n    3  history 2\nn=1\n');
  t('history -s stores an entry in place of itself', 'set -o history\nhistory -s stored words\nhistory', '    1  stored words\n    2  history\n');
  t('history -d out of range and a bad count are status 1', 'set -o history\nhistory -d 99 2>/dev/null; echo "st=$?"\nhistory abc 2>/dev/null; echo "st=$?"', 'st=1\nst=1\n');
  t('set +o history stops recording', 'set -o history\necho a\nset +o history\necho b\nhistory', 'a\nb\n    1  echo a\n    2  set +o history\n');
  t('fc -l lists to the newest and fc -s reruns with a substitution', 'set -o history\necho abc\nfc -l\nfc -ln -1\nfc -s abc=xyz 2>/dev/null', 'abc\n1\t echo abc\n\t fc -l\n\t fc -ln -1\n');
  t('fc with an invalid option is status 2', 'fc -x 2>/dev/null; echo "st=$?"; fc -lq 2>/dev/null; echo "st=$?"', 'st=2\nst=2\n');
  t('bind with an invalid option is status 2', 'bind -Z 2>/dev/null; echo "st=$?"; bind -m emacs -Q 2>/dev/null; echo "st=$?"; bind \'set bell-style none\' 2>/dev/null; echo "st=$?"', 'st=2\nst=2\nst=0\n');
  t('builtin refuses a builtin turned off with enable -n', 'enable -n echo; builtin echo hi 2>/dev/null; echo "st=$?"; enable echo; builtin echo back', 'st=1\nback\n');
}

{
  const t = section('traps');
  t('a bare exit in the EXIT trap keeps the exit status', 'trap \'echo in trap; false; exit\' EXIT; (exit 4); exit', 'in trap\n', 4);
  t('a bare exit in a function called by the EXIT trap keeps the status', 'f() { false; exit; }; trap f EXIT; (exit 6)', '', 6);
  t('a bare exit in a signal trap takes the last status', 'trap \'false; exit\' USR1; kill -USR1 $$; echo not reached', '', 1);
}
{
  const t = section('jobs');
  t('jobs shows a subshell job in the printed form', '(sleep 1; exit 0) & jobs; kill %1; wait', '[1]+  Running                 ( sleep 1; exit 0 ) &\n');
  t('jobs shows redirections and blanks normalized', 'sleep   1 >/dev/null 2>&1 & jobs; kill %1; wait', '[1]+  Running                 sleep 1 > /dev/null 2>&1 &\n');
  t('jobs shows a loop job over several lines', 'for i in 1 2; do sleep 1; done & jobs; kill %1; wait', '[1]+  Running                 for i in 1 2;\ndo\n    sleep 1;\ndone &\n');
  t('jobs keeps the quoting of the words', 'sh -c "sleep 1; exit 3" & sleep 1 && echo "a  b" >/dev/null & jobs; wait', '[1]-  Running                 sh -c "sleep 1; exit 3" &\n[2]+  Running                 sleep 1 && echo "a  b" > /dev/null &\n');
  t('a job spec naming two jobs is ambiguous', 'sleep 1 & sleep 1 & jobs %s 2>&1 | grep -o \'s: ambiguous job spec\'; kill %s 2>/dev/null; echo "st=$?"; kill %1 %2; wait', 's: ambiguous job spec\nst=1\n');
  t('a single job is also the previous job', 'sleep 1 & kill %-; echo "st=$?"; wait', 'st=0\n');
  t('kill -l takes a number with a sign or blanks', 'kill -l +9 \' 15\'', 'KILL\nTERM\n');
  t('wait -p refuses an invalid name', 'sleep 0.1 & wait -p 1x $! 2>/dev/null; echo "st=$?"; wait', 'st=1\n');
}
{
  const t = section('dirstack');
  t('cd keeps a leading double slash in PWD', 'cd //; pwd; cd ..; pwd; cd //tmp; pwd; cd ..; cd tmp; echo "$PWD $OLDPWD"; cd ///tmp; pwd', '//\n//\n//tmp\n//tmp //\n/tmp\n');
}
{
  const t = section('jobs');
  t('kill -l reads and drops options after it', 'kill -l -9 | head -1; kill -l -s 9 | wc -l; kill -l -l 9', ' 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP\n13\nKILL\n');
}
{
  const t = section('builtins');
  t('HISTCONTROL ignorespace and ignoredups leave lines out', 'HISTCONTROL=ignoreboth\nset -o history\necho a\necho a\n echo hidden\nhistory', 'a\na\nhidden\n    1  echo a\n    2  history\n');
  t('HISTCONTROL erasedups keeps the newest copy', 'HISTCONTROL=erasedups\nset -o history\necho a\necho b\necho a\nhistory', 'a\nb\na\n    1  echo b\n    2  echo a\n    3  history\n');
  t('HISTIGNORE patterns and the previous-line ampersand', 'HISTIGNORE=\'&:ls*\'\nset -o history\npwd >/dev/null\npwd >/dev/null\nls >/dev/null\necho x\nhistory', 'x\n    1  pwd >/dev/null\n    2  echo x\n    3  history\n');
  t('HISTSIZE keeps the newest entries with their numbers', 'HISTSIZE=2\nset -o history\necho a\necho b\necho c\nhistory', 'a\nb\nc\n    3  echo c\n    4  history\n');
  t('history -p expands its arguments and leaves the history', 'set -o history\necho alpha\necho beta\nhistory -p \'!!\' \'!?lph?\' plain\nhistory -p \'!zz\' 2>/dev/null; echo "st=$?"\nhistory', 'alpha\nbeta\necho beta\necho alpha\nplain\nst=1\n    1  echo alpha\n    2  echo beta\n    3  history\n');
}
{
  const t = section('builtins');
  t('fc -s replaces every occurrence and takes the place of fc in the history', 'set -o history\necho aa ab\nfc -s a=x 2>/dev/null\nhistory', 'aa ab\nxx xb\n    1  echo aa ab\n    2  echo xx xb\n    3  history\n');
  t('fc -e runs an editor on the entries then runs them', 'set -o history\necho one\necho two\nfc -e cat 1 2 2>/dev/null\nhistory', 'one\ntwo\necho one\necho two\none\ntwo\n    1  echo one\n    2  echo two\n    3  echo one\n    4  echo two\n    5  history\n');
  t('fc -e with an editor that changes the file', 'set -o history\necho one\nfc -e \'sed -i s/one/uno/\' 2>/dev/null\nfc -e false; echo "st=$?"', 'one\nuno\nst=1\n');
}
{
  const t = section('builtins');
  t('help with a glob matching nothing prints the header and fails', 'help -s \'x*\' 2>/dev/null; echo "st=$?"; help -s \'@(cd|pwd)\' 2>/dev/null; echo "st=$?"', 'Shell commands matching keyword `x*\'\n\nst=1\nShell commands matching keyword `@(cd|pwd)\'\n\nst=1\n');
  t('help matches ? and bracket globs', 'help -s \'e?ho\' | cut -d: -f1; help -d \'[pq]w*\' | cut -d\' \' -f1', 'Shell commands matching keyword `e?ho\'\n\necho\nShell\n\npwd\n');
}
{
  const t = section('builtins');
  t('kill -l, compgen and complete -p do not report write errors', 'kill -l > /dev/full; echo "st=$?"; compgen -W a > /dev/full; echo "st=$?"; complete -W a x; complete -p > /dev/full; echo "st=$?"; pwd > /dev/full 2>/dev/null; echo "st=$?"', 'st=0\nst=0\nst=0\nst=1\n');
}
{
  const t = section('traps');
  t('kill of a subshell\'s own BASHPID ends only the subshell', '(kill $BASHPID; echo no) 2>/dev/null; echo "st=$?"; (kill -9 $BASHPID; echo no) 2>/dev/null; echo "st=$?"; x=$(kill $BASHPID; echo no); echo "st=$? [$x]"; echo after', 'st=143\nst=137\nst=143 []\nafter\n');
  t('a subshell\'s own trap runs for a signal sent to its BASHPID', '(trap \'echo sub-t\' USR1; kill -USR1 $BASHPID; echo after); echo "st=$?"', 'sub-t\nafter\nst=0\n');
  t('the parent\'s trap is reset in the subshell that signals itself', 'trap \'echo t\' USR1; (kill -USR1 $BASHPID; echo sub) 2>/dev/null; echo "st=$?"; trap \'\' USR1; (kill -USR1 $BASHPID; echo ignored); echo "st=$?"', 'st=138\nignored\nst=0\n');
  t('a subshell killed by a signal runs no EXIT trap', 'trap \'echo parent\' EXIT; (trap \'echo sub\' EXIT; kill $BASHPID) 2>/dev/null; echo "st=$?"', 'st=143\nparent\n');
}
{
  const t = section('complete');
  t('compgen -W keeps the dollar of dollar-quotes', 'compgen -W "\\$\'a\\\\tb\' \\$\\"cd\\"" | od -c | sed -n 1p', '0000000   $   a   \\   t   b  \\n   $   c   d  \\n\n');
}
