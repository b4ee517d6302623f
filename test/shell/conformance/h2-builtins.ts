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
