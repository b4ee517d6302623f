// Conformance cases (expectations recorded by running bash 5.2): set (-u, -o listing, set -/+, set output) and shopt.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- set-shopt
{
  const t = section('set-shopt');
  t('set -u exits a non-interactive shell', 'set -u; echo "$nope"; echo never', '', 127);
  t('set -u status is 127 at the top level', 'set -u; : "$nope"', '', 127);
  t('set -u in a subshell exits only the subshell', 'set -u; (echo "$nope"; echo inner) 2>/dev/null; echo "after $?"', 'after 1\n');
  t('set -u allows $@ and $* with no arguments and defaults', 'set -u; echo "[$@][$*][${nope:-d}][${nope-e}]"; echo "${#@}"', '[][][d][e]\n0\n');
  t('set -u and an unset array element', 'set -u; a=(1); echo "${a[5]}" 2>/dev/null; echo no', '', 127);
  t('set -u and unset arrays in "${a[@]}"', 'set -u; declare -a a; echo "[${a[@]}]"', '[]\n');
  t('set -u in arithmetic', 'set -u; (( x + 1 )) 2>/dev/null; echo "no $?"', '', 127);
  t('set -o lists the options', "set -o | head -5; set -e; set -o | grep -E '^(errexit|nounset)'", 'allexport      \toff\nbraceexpand    \ton\nemacs          \toff\nerrexit        \toff\nerrtrace       \toff\nerrexit        \ton\nnounset        \toff\n');
  t('set +o prints commands to restore the options', "set -o pipefail; set +o | grep -E 'pipefail|errexit|braceexpand'", 'set -o braceexpand\nset +o errexit\nset -o pipefail\n');
  t('set - turns off -x and -v and sets positionals', 'set -- a b; set -; echo "$# $1"; set - -x; echo "$# $1"', '2 a\n1 -x\n');
  t('set -- with no arguments clears positionals', 'set -- a b; set --; echo $#', '0\n');
  t('options then positionals', 'set -e x y; echo "$# $1 $-"', '2 x ehBc\n');
  t('combined letters and +', 'set -eu; echo $-; set +eu; echo $-', 'ehuBc\nhBc\n');
  t('set -o and +o by name', 'set -o errexit -o nounset; echo $-; set +o errexit; echo $-', 'ehuBc\nhuBc\n');
  t('an invalid option name', 'set -o nosuch 2>/dev/null; echo $?; set -Z 2>/dev/null; echo $?', '2\n2\n');
  t('set output can be read back by eval', "x='a b'; y=$'t\\tn'; z='it'\"'\"'s'; set | grep -E '^(x|y|z)=' > vars.txt; unset x y z; eval \"$(cat vars.txt)\"; echo \"[$x][$y][$z]\"", "[a b][t\tn][it's]\n");
  t('set shows arrays in a reusable form', "a=(1 \"2 3\"); declare -A m=([k]=v); set | grep -E '^(a|m)='", 'a=([0]="1" [1]="2 3")\nm=([k]="v" )\n');
  t('set lists functions after variables', "f() { echo hi; }; set | sed -n '/^f ()/,/^}/p'", 'f () \n{ \n    echo hi\n}\n');
  t('set -f disables globbing', 'touch aa ab; set -f; echo a*; set +f; echo a*', 'a*\naa ab\n');
  t('set -C refuses to overwrite', 'set -C; echo 1 > f; echo 2 > f 2>/dev/null; echo "st=$?"; echo 3 >| f; cat f', 'st=1\n3\n');
  t('set -a exports assignments', "set -a; v=1; env | grep '^v='", 'v=1\n');
  t('set -x traces commands', 'set -x; x=1; echo "a b" c; set +x', 'a b c\n');
  t('set -n reads without running', 'set -n; echo no', '');
  t('set -e exits on failure', 'set -e; echo a; false; echo b', 'a\n', 1);
  t('set -e is ignored in conditions', 'set -e; if false; then :; fi; false || true; ! true; echo survived', 'survived\n');
  t('set -e and a failing function', 'set -e; f() { false; echo in-f; }; f; echo after', '', 1);
  t('set -e in a function called in a condition does not exit', 'set -e; f() { false; echo in-f; }; if f; then echo ok; fi', 'in-f\nok\n');
  t('set -e and $( ) do not inherit without inherit_errexit', 'set -e; x=$(false; echo still); echo "[$x]"', '[still]\n');
  t('inherit_errexit', 'set -e; shopt -s inherit_errexit; x=$(false; echo still); echo "[$x]"', '', 1);
  t('set -e and pipelines', 'set -e; false | true; echo one; set -o pipefail; false | true; echo two', 'one\n', 1);
  t('shopt lists options', 'shopt | head -3; shopt nullglob; echo $?', 'autocd         \toff\nassoc_expand_once\toff\ncdable_vars    \toff\nnullglob       \toff\n1\n');
  t('shopt -s and -u', 'shopt -s nullglob dotglob; shopt nullglob dotglob extglob; echo $?', 'nullglob       \ton\ndotglob        \ton\nextglob        \toff\n1\n');
  t('shopt -p prints reusable commands', 'shopt -p nullglob; shopt -s nullglob; shopt -p nullglob', 'shopt -u nullglob\nshopt -s nullglob\n');
  t('shopt -q only sets the status', 'shopt -q extglob; echo $?; shopt -s extglob; shopt -q extglob extquote; echo $?', '1\n0\n');
  t('shopt -s and -u with no names list them', 'shopt -s | head -2; shopt -u | head -2', 'checkwinsize   \ton\ncmdhist        \ton\nautocd         \toff\nassoc_expand_once\toff\n');
  t('shopt -o works on set options', 'shopt -o errexit; shopt -so errexit; echo $-', 'errexit        \toff\nehBc\n');
  t('shopt -s -u together is an error', 'shopt -su extglob 2>/dev/null; echo $?', '1\n');
  t('shopt of an invalid name', 'shopt -s nosuch 2>/dev/null; echo $?', '1\n');
  t('nullglob', 'shopt -s nullglob; echo none*; a=(no*match); echo "${#a[@]}"', '\n0\n');
  t('failglob', 'shopt -s failglob; echo none* 2>/dev/null; echo "st=$?"', '', 1);
  t('dotglob', 'mkdir t; cd t; touch .h1 v1; shopt -s dotglob; echo *', '.h1 v1\n');
  t('dot files need dotglob or a leading dot', 'mkdir t; cd t; touch .h1 v1; echo *; echo .h*', 'v1\n.h1\n');
  t('globstar', 'mkdir -p d/e/f; touch d/1 d/e/2 d/e/f/3; shopt -s globstar; echo **/*; echo d/**', 'd d/1 d/e d/e/2 d/e/f d/e/f/3\nd/ d/1 d/e d/e/2 d/e/f d/e/f/3\n');
  t('without globstar ** is *', 'mkdir -p d/e; touch d/e/2 d/1; echo **/1', 'd/1\n');
  t('nocaseglob', 'touch ABC; shopt -s nocaseglob; echo abc*', 'ABC\n');
  t('nocasematch in case and [[ ]]', 'shopt -s nocasematch; case X in x) echo case;; esac; [[ ABC == abc ]] && echo dbl; [[ ABC =~ ^a ]] && echo re', 'case\ndbl\nre\n');
  t('extglob in globs', 'touch a.txt b.txt c.log; shopt -s extglob; echo !(*.txt); echo @(a|c).*; echo *.+(txt|log)', '', 2);
  t('lastpipe', "shopt -s lastpipe; echo hi | read x; echo \"[$x]\"; printf 'a\\nb\\n' | while read l; do last=$l; done; echo \"$last\"", '[hi]\nb\n');
  t('expand_aliases', "alias e='echo alias'; e 1 2>/dev/null || echo \"no alias\"; shopt -s expand_aliases\ne 2", 'no alias\nalias 2\n');
  t('GLOBIGNORE', "mkdir t; cd t; touch a.c b.c a.h; GLOBIGNORE='*.h:b*'; echo *", 'a.c\n');
  t('BASHOPTS and SHELLOPTS', 'shopt -s nullglob; set -o pipefail; [[ :$BASHOPTS: == *:nullglob:* ]] && echo b; [[ :$SHELLOPTS: == *:pipefail:* ]] && echo s', 'b\ns\n');
}
