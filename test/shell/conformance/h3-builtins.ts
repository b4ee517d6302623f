// Conformance cases (expectations recorded by running bash 5.2): declaration builtins' listing
// formats and statuses, set/shopt listings, getopts, type/command lookups, and the builtins that run code.
import { section } from '../conformance-table.js';

{
  const t = section('declare-misc');
  t('declare -p writes each line and error in argument order', 'x=1; y=2; declare -p x nosuch y 2>&1 | sed \'s/^.*line 1: //\'', 'declare -- x="1"\ndeclare: nosuch: not found\ndeclare -- y="2"\n');
  t('declare -pF prints the attributes of each function', 'f(){ :; }; g(){ :; }; export -f f; readonly -f g; declare -pF f g; declare -F f; echo "st=$?"', 'declare -fx f\ndeclare -fr g\nf\nst=0\n');
  t('declare -p with -f or -F reports a missing function', 'declare -pF nosuch 2>&1 | sed \'s/^.*line 1: //\'; declare -pf nosuch 2>/dev/null; echo "st=$?"; declare -F nosuch; echo "st=$?"', 'declare: nosuch: not found\nst=1\nst=1\n');
  t('export -p with names exports them instead of listing', 'y=2; export -p y z=3; echo "st=$?"; env | grep -E \'^[yz]=\' | sort', 'st=0\ny=2\nz=3\n');
  t('readonly -p with names marks them readonly', 'readonly -p q=1 w; echo "st=$?"; declare -p q w; (q=2) 2>/dev/null || echo refused', 'st=0\ndeclare -r q="1"\ndeclare -r w\nrefused\n');
  t('set and declare list an empty value as a bare equals sign', 'x=; y=\'\'; set | grep -E \'^[xy]=\'; declare | grep -E \'^[xy]=\'; a=(\'\'); set | grep \'^a=\'', 'x=\ny=\nx=\ny=\na=([0]="")\n');
  t('set and declare leave functions out in posix mode', 'f(){ :; }; set | grep -c \'^f ()\'; set -o posix; set | grep -c \'^f ()\'; declare | grep -c \'^f ()\'', '1\n0\n0\n', 1);
}

{
  const t = section('builtins');
  t('getopts pulls an OPTIND past the end back to one past the last argument', 'set -- -a -b c; OPTIND=7; getopts ab o; echo "$? $OPTIND [$o]"; set --; OPTIND=3; getopts a o; echo "$? $OPTIND"', '1 4 [?]\n1 1\n');
}

{
  const t = section('command-lookup');
  t('type -a lists the builtin behind an alias or function of the same name', 'alias echo=\'echo x\'; type -a echo | head -1; echo(){ :; }; type -f echo; type -tf echo; unalias echo; type -at echo | head -2', 'echo is a shell builtin\necho is a shell builtin\nbuiltin\nfunction\nbuiltin\n');
  t('type and command -v report a non-executable file found in PATH', 'mkdir bin; printf \'echo hi\\n\' > bin/myc; PATH=$PWD/bin:$PATH; type -t myc; type -P myc | sed "s#$PWD#P#"; command -v myc | sed "s#$PWD#P#"; type -a myc 2>/dev/null; echo "st=$?"; myc 2>/dev/null; echo "st=$?"; type -t ./bin/myc; echo "st=$?"', 'file\nP/bin/myc\nP/bin/myc\nst=1\nst=126\nst=1\n');
}
