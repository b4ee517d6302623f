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
