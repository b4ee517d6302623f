// Conformance cases (expectations recorded by running bash 5.2): tilde expansion in assignments, and special variables (BASH_SOURCE, FUNCNAME, $-, $_ ...).
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- tilde-assign
{
  const t = section('tilde-assign');
  t('tilde at the start of an assignment value', 'x=~/src; echo "$x" | sed "s|^$HOME|H|"', 'H/src\n');
  t('tilde after a colon in an assignment', 'PATH2=/bin:~/bin:~; echo "$PATH2" | sed "s|$HOME|H|g"', '/bin:H/bin:H\n');
  t('PATH=$PATH:~/bin', 'PATH=$PATH:~/bin; echo "${PATH##*:}" | sed "s|^$HOME|H|"', 'H/bin\n');
  t('tilde in an element assignment after a colon', 'a[1]=foo:~; echo "${a[1]}" | sed "s|$HOME|H|"', 'foo:H\n');
  t('tilde in a default value', 'echo ${undef:-~} | sed "s|^$HOME|H|"; echo "${undef:-~}"', 'H\n~\n');
  t('tilde in ${x:=~}', 'echo ${u:=~/x} | sed "s|^$HOME|H|"; echo "$u" | sed "s|^$HOME|H|"', 'H/x\n\n');
  t('readonly, export and local assignments expand the tilde', 'readonly r=~/r; export e=~/e:~; f() { local l=~/l; echo "$l"; }; { echo "$r"; echo "$e"; f; } | sed "s|$HOME|H|g"', 'H/r\nH/e:H\nH/l\n');
  t('declare assignments expand the tilde after colons', 'declare d=~:~; echo "$d" | sed "s|$HOME|H|g"', 'H:H\n');
  t('a quoted tilde stays', "x=\"~\"; echo \"$x\"; y='~/a'; echo \"$y\"; echo \"~\" \\~", '~\n~/a\n~ ~\n');
  t('tilde in the middle of a word stays', 'echo a~ x=a~b | sed "s|$HOME|H|g"', 'a~ x=a~b\n');
  t('tilde words in arguments that look like assignments', 'echo a=~/x b=x:~/y --opt=~/z | sed "s|$HOME|H|g"', 'a=H/x b=x:H/y --opt=~/z\n');
  t('~+ and ~- name PWD and OLDPWD', 'cd /; cd /tmp; echo ~+ ~- ~-/x', '/tmp / //x\n');
  t('~user is the home directory from passwd', 'echo ~root', '/root\n');
  t('an unknown user stays literal', 'echo ~no_such_user_zz ~no_such_user_zz/x', '~no_such_user_zz ~no_such_user_zz/x\n');
  t('HOME decides ~', 'HOME=/h2; echo ~ ~/x', '/h2 /h2/x\n');
  t('HOME with a trailing slash', 'HOME=/h/; echo ~/x', '/h//x\n');
  t('tilde followed by a quoted part is not expanded', 'x=/a; echo ~"/x" ~$x | sed "s|$HOME|H|g"', '~/x ~/a\n');
  t('tilde in an array literal', 'a=(~ ~/x "~"); echo "${a[@]}" | sed "s|$HOME|H|g"', 'H H/x ~\n');
  t('tilde in case words and patterns', 'case ~ in "$HOME") echo same;; esac', 'same\n');
  t('tilde in [[ ]]', '[[ ~ == "$HOME" ]] && echo home', 'home\n');
  t('assignment tilde with a user part after a colon', 'x=~root:~; echo "$x" | sed "s|$HOME|H|"', '/root:H\n');
  t('tilde in a here-string is not expanded', 'cat <<< ~ | sed "s|$HOME|H|"', 'H\n');
  t('tilde in for items', 'for d in ~ ~/a; do echo "$d"; done | sed "s|$HOME|H|"', 'H\nH/a\n');
}

// ---------------------------------------------------------------- special-vars
{
  const t = section('special-vars');
  t('FUNCNAME and BASH_LINENO in nested functions', 'f() { echo "${FUNCNAME[*]} | ${BASH_LINENO[*]}"; g; }\ng() { echo "${FUNCNAME[*]} | ${BASH_LINENO[*]}"; }\nf', 'f | 3\ng f | 1 3\n');
  t('FUNCNAME is empty at the top level', 'echo "[${FUNCNAME[*]}] ${#FUNCNAME[@]}"; declare -p FUNCNAME', '[] 0\ndeclare -a FUNCNAME\n');
  t('BASH_SOURCE of functions defined in a -c string', 'f() { echo "${BASH_SOURCE[*]}"; }; f', 'environment\n');
  t('BASH_SOURCE and BASH_LINENO through source', "printf 'lf() { echo \"${FUNCNAME[*]} ${BASH_SOURCE[0]##*/} ${BASH_LINENO[*]}\"; }\\necho \"top ${BASH_SOURCE[0]##*/} ${BASH_LINENO[0]}\"\\n' > lib.sh\nsource ./lib.sh\nlf", 'top lib.sh 2\nlf lib.sh 3\n');
  t('FUNCNAME in an EXIT trap after exit in a function', "trap 'echo \"trap ${FUNCNAME[0]-none}\"' EXIT; f() { exit 2; }; f", 'trap f\n', 2);
  t('caller prints the calling frame', 'f() { g; }; g() { caller 0; caller; }; f', '1 f environment\n1 environment\n');
  t('caller at the top level fails', 'caller; echo $?', '1\n');
  t('LINENO counts lines', 'echo $LINENO; echo $LINENO\necho $LINENO', '1\n1\n2\n');
  t('LINENO inside a function', 'f() {\n  echo $LINENO\n}\nf', '2\n');
  t('$_ is the last argument of the previous command', 'echo a b; echo "$_"; : x y; echo $_; x=5; echo "[$_]"', 'a b\nb\ny\n[]\n');
  t('$- shows the options', 'echo $-; set -eu; echo $-; set +eu; set -o noglob; echo $-', 'hBc\nehuBc\nfhBc\n');
  t('$- when reading a script from stdin', "echo 'echo $-' > s.sh; bash s.sh 2>/dev/null | tr -d 'c'", 'hB\n');
  t('PPID is a readonly integer', 'echo $((PPID > 0)); (PPID=1) 2>/dev/null || echo readonly', '1\nreadonly\n');
  t('SHLVL is exported', "echo $((SHLVL >= 1)); env | grep -c '^SHLVL='", '1\n1\n');
  t('BASH_VERSINFO is a readonly array', 'echo ${#BASH_VERSINFO[@]} "${BASH_VERSINFO[0]}"; (BASH_VERSINFO=x) 2>/dev/null || echo readonly', '6 5\nreadonly\n');
  t('BASH_VERSION looks like version 5', 'echo "$BASH_VERSION"', '5.2.15(1)-release\n', 0, { aoshDiffers: { reason: 'aosh reports BASH_VERSION=5.2.0(1)-aosh: it speaks bash 5.2 and says it is aosh', stdout: '5.2.0(1)-aosh\n', status: 0 } });
  t('OPTIND starts at 1 and advances', 'echo $OPTIND; getopts ab o -a -b; echo $OPTIND $o; getopts ab o -a -b; echo $OPTIND $o; getopts ab o -a -b; echo $? $OPTIND "[$o]"', '1\n2 a\n3 b\n1 3 [?]\n');
  t('OPTARG with attached and separate arguments', 'set -- -abfoo -c bar; while getopts "ab:c:" o; do echo "$o [$OPTARG] $OPTIND"; done', 'a [] 1\nb [foo] 2\nc [bar] 4\n');
  t('OPTARG for a bad option in silent mode', 'set -- -x -b; while getopts ":ab:" o; do echo "$o [$OPTARG]"; done', '? [x]\n: [b]\n');
  t('getopts without silent mode unsets OPTARG', 'set -- -x; getopts "ab" o 2>/dev/null; echo "$o [${OPTARG-unset}] $?"', '? [unset] 0\n');
  t('a missing option argument', 'set -- -b; getopts "ab:" o 2>/dev/null; echo "$o [${OPTARG-unset}]"; set -- -b; getopts ":ab:" o; echo "$o [$OPTARG]"', '? [unset]\n? []\n');
  t('getopts stops at -- and non-options', 'set -- -a -- -b; while getopts ab o; do echo $o; done; echo "$OPTIND"; set -- a -b; OPTIND=1; getopts ab o; echo "$? $OPTIND"', 'a\n3\n1 1\n');
  t('resetting OPTIND restarts getopts', 'set -- -a -b; getopts ab o; OPTIND=1; getopts ab o; echo "$o $OPTIND"', 'a 2\n');
  t('a local OPTIND in a function', 'f() { local OPTIND; getopts "a" o; echo "$o $OPTIND"; }; f -a; f -a', 'a 2\na 2\n');
  t('OPTERR=0 silences getopts', 'OPTERR=0; set -- -x; getopts "a" o 2>&1; echo "[$o]"', '[?]\n');
  t('BASH_SUBSHELL counts subshells', 'echo $BASH_SUBSHELL; (echo $BASH_SUBSHELL; (echo $BASH_SUBSHELL)); echo $(echo $BASH_SUBSHELL)', '0\n1\n2\n1\n');
  t('$$ is the same in a subshell, BASHPID is not checked here', 'x=$$; (echo $(( $$ == x )))', '1\n');
  t('RANDOM is seeded by assignment', 'RANDOM=42; echo $RANDOM $RANDOM $RANDOM; RANDOM=1; echo $RANDOM', '17772 26794 1435\n16807\n');
  t('SECONDS can be assigned', 'SECONDS=100; echo $SECONDS', '100\n');
  t('UID and EUID are readonly', '(UID=5) 2>/dev/null || echo readonly; [[ $UID == "$EUID" ]] && echo same', 'readonly\nsame\n');
  t('IFS and PS4 defaults', 'declare -p IFS PS4 OPTERR', "declare -- IFS=$' \\t\\n'\ndeclare -- PS4=\"+ \"\ndeclare -- OPTERR=\"1\"\n");
  t('unsetting IFS means default splitting', 'IFS=:; set -- a b; echo "$*"; unset IFS; echo "$*"; x="p  q"; echo $x', 'a:b\na b\np q\n');
  t('$0 is the name given to -c', 'echo "$0 $1 $#"', 'myname a1 1\n', 0, { args: ['myname', 'a1'] });
  t('$# and $@ after set --', 'echo "$#"; set -- a "b c"; echo "$#" "$*"; for a in "$@"; do echo "<$a>"; done', '0\n2 a b c\n<a>\n<b c>\n');
  t('$? after various commands', 'false; echo $?; (exit 7); echo $?; ! true; echo $?; true | false; echo $?', '1\n7\n1\n1\n');
  t('SECONDS from the environment stays special', "env SECONDS=100 \"$BASH\" -c 'echo $((SECONDS >= 100)); SECONDS=5; echo $SECONDS'", '1\n5\n');
  t('PIPESTATUS (special-vars)', 'true | false | (exit 3); echo "${PIPESTATUS[@]}"; echo "${PIPESTATUS[@]}"', '0 1 3\n0\n');
  t('BASH_COMMAND in a DEBUG trap', "trap 'echo \"[$BASH_COMMAND]\"' DEBUG; x=1; echo done", '[x=1]\n[echo done]\ndone\n');
  t('BASH_ARGV0 sets $0', 'BASH_ARGV0=changed; echo "$0"', 'changed\n', 0, { args: ['start'] });
  t('EPOCHSECONDS and EPOCHREALTIME look right', '[[ $EPOCHSECONDS =~ ^[0-9]+$ ]] && echo s; [[ $EPOCHREALTIME =~ ^[0-9]+\\.[0-9]{6}$ ]] && echo r', 's\nr\n');
  t('PWD and OLDPWD follow cd', 'cd /; cd /tmp; echo "$PWD $OLDPWD"', '/tmp /\n');
  t('OSTYPE MACHTYPE HOSTTYPE', 'echo "$OSTYPE ${MACHTYPE%%-*} $HOSTTYPE"', 'linux-gnu x86_64 x86_64\n');
}
