// Conformance cases (expectations recorded by running bash 5.2): builtins' behaviour and
// messages found by the sixth session's builtins helper (printf, hash, enable, type, source,
// declare, getopts, kill, cd, let, exec, unalias, bind, OLDPWD).
import { section } from '../conformance-table.js';

{
  const t = section('builtins');
  t("printf -v into a readonly variable names no builtin", "readonly r=1; { printf -v r 'x'; echo \"st $? $r\"; } 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'", "r: readonly variable\nst 1 1\n", 0);
  t("printf -v into a readonly local names no builtin", "f() { local -r x=1; printf -v x y 2>&1 | sed 's/^.*line [0-9]*: //'; }; f", "x: readonly variable\n", 0);
  t("a remembered path whose file is gone is named by it", "hash -p /nonexist/cmd foo; foo 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; foo 2>/dev/null; echo \"st $?\"; hash -t foo", "/nonexist/cmd: No such file or directory\nst 127\n/nonexist/cmd\n", 0);
  t("a hashed file deleted: no new PATH search without checkhash", "mkdir d e; printf '#!/bin/sh\\necho one\\n' > d/x; printf '#!/bin/sh\\necho two\\n' > e/x; chmod +x d/x e/x; PATH=$PWD/d:$PWD/e:$PATH; x; rm d/x; x 2>/dev/null; echo \"st $?\"", "one\nst 127\n", 0);
  t("shopt -s checkhash searches PATH again for a deleted file", "shopt -s checkhash; mkdir d e; printf '#!/bin/sh\\necho one\\n' > d/x; printf '#!/bin/sh\\necho two\\n' > e/x; chmod +x d/x e/x; PATH=$PWD/d:$PWD/e:/usr/bin:/bin; x; rm d/x; x; hash -t x | sed \"s|$PWD|.|\"", "one\ntwo\n./e/x\n", 0);
  t("checkhash forgets a path that is gone and not found again", "shopt -s checkhash; hash -p /nonexist/cmd foo; foo 2>/dev/null; echo \"st $?\"; hash -t foo 2>/dev/null; echo \"st $?\"", "st 127\nst 1\n", 0);
  t("hash of a function or builtin remembers nothing and succeeds", "f() { :; }; hash f; echo \"st $?\"; hash echo; echo \"st $?\"; hash", "st 0\nst 0\nhash: hash table empty\n", 0);
  t("hash -p with a directory is refused", "hash -p /bin foo 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; hash -p /bin foo 2>/dev/null; echo \"st $?\"; hash", "hash: /bin: Is a directory\nst 1\nhash: hash table empty\n", 0);
  t("hash -p skips a name with a slash", "hash -p /bin/ls a/b; echo \"st $?\"; hash", "st 0\nhash: hash table empty\n", 0);
  t("type -P prints a remembered path", "hash -p /nonexist/cmd foo; type -P foo; echo \"st $?\"; command -v foo", "/nonexist/cmd\nst 0\n/nonexist/cmd\n", 0);
  t("type -aP stops at the remembered path and counts a hit", "ls >/dev/null; type -aP ls; type -P ls; hash", "/usr/bin/ls\n/usr/bin/ls\nhits\tcommand\n   3\t/usr/bin/ls\n", 0);
  t("enable -d of a builtin: not dynamically loaded", "enable -d echo 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; enable -d foo 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; enable -d echo 2>/dev/null; echo \"st $?\"", "enable: echo: not dynamically loaded\nenable: foo: not a shell builtin\nst 1\n", 0);
  t("enable -f of a missing file: dlopen says so", "enable -f /nonexist/x.so foo 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; enable -f /nonexist/x.so foo 2>/dev/null; echo \"st $?\"", "enable: cannot open shared object /nonexist/x.so: /nonexist/x.so: cannot open shared object file: No such file or directory\nst 1\n", 0);
  t("enable -p with a name lists, enabling nothing", "enable -n echo; enable -p echo | grep -c 'enable echo'; type -t echo", "0\nfile\n", 0);
  t("dot of a directory names the builtin", "mkdir d; . d 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; source ./d 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; . d 2>/dev/null; echo \"st $?\"", ".: d: is a directory\nsource: ./d: is a directory\nst 1\n", 0);
  t("dot with no file: filename argument required", "{ .; echo \"st $?\"; } 2>&1 | head -1 | sed 's/^[^ ]*: line [0-9]*: //'; source 2>/dev/null; echo \"st $?\"", ".: filename argument required\nst 2\n", 0);
  t("declare -aA makes an associative array and fails", "declare -aA x 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; declare -aA y=([k]=v) 2>/dev/null; echo \"st $?\"; declare -p y", "declare: x: cannot convert associative to indexed array\nst 1\ndeclare -A y=([k]=\"v\" )\n", 0);
  t("local -aA in a function", "f() { local -aA l 2>/dev/null; echo \"st $?\"; declare -p l; }; f", "st 1\ndeclare -A l\n", 0);
  t("declare -aA on an indexed array cannot make it associative", "declare -a z=(1); declare -aA z 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; declare -p z", "declare: z: cannot convert indexed to associative array\ndeclare -a z=([0]=\"1\")\n", 0);
  t("getopts goes on past a readonly OPTARG", "readonly OPTARG; set -- -a val; getopts a: o 2>/dev/null; echo \"st $? $o $OPTIND\"", "st 0 a 3\n", 0);
  t("getopts goes on past a readonly OPTIND", "readonly OPTIND; set -- -b; getopts b o 2>/dev/null; echo \"st $? $o $OPTIND\"", "st 0 b 1\n", 0);
  t("kill -sSIG is -s SIG", "kill -sTERM $$; echo no", "", 143);
  t("kill -sSIG without a pid is a usage error", "kill -sTERM 2>&1 | sed 's/^[^ ]*: line [0-9]*: //' | cut -c1-12; kill -sTERM 2>/dev/null; echo \"st $?\"; kill -n9 2>/dev/null; echo \"st $?\"", "kill: usage:\nst 2\nst 2\n", 0);
  t("kill -nX is an invalid signal", "kill -nX 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; kill -nX 2>/dev/null; echo \"st $?\"", "kill: nX: invalid signal specification\nst 1\n", 0);
  t("cd with a bad option names the letter", "cd -Lx 2>&1 | head -1 | sed 's/^[^ ]*: line [0-9]*: //'; cd -x 2>/dev/null; echo \"st $?\"", "cd: -x: invalid option\nst 2\n", 0);
  t("let into a readonly variable names no builtin", "readonly x=1; let x=2 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; let x++ 2>/dev/null; echo \"st $?\"", "x: readonly variable\nst 1\n", 0);
  t("printf: a bad octal number", "printf '%d\\n' 08 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; printf '%d\\n' 012a 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'", "printf: 08: invalid octal number\n0\nprintf: 012a: invalid octal number\n10\n", 0);
  t("printf: a bad hex number", "printf '%d|' 0x 0x1g 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; echo; printf '%f\\n' 0x 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'", "printf: 0x: invalid hex number\nprintf: 0x1g: invalid hex number\n0|1|\nprintf: 0x: invalid hex number\n0.000000\n", 0);
  t("printf: a bad number of another kind", "printf '%d\\n' -08 abc 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'", "printf: -08: invalid number\n0\nprintf: abc: invalid number\n0\n", 0);
  t("printf: missing hex digit warns and prints the escape", "printf 'a\\x%s\\n' 1 2 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; printf '\\xg\\n' 2>/dev/null; echo \"st $?\"", "printf: missing hex digit for \\x\na\\x1\nprintf: missing hex digit for \\x\na\\x2\n\\xg\nst 0\n", 0);
  t("printf: missing unicode digit in the format and in %b", "printf '\\u|%b|%b\\n' '\\U' '\\ux' 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'", "printf: missing unicode digit for \\u\nprintf: missing unicode digit for \\U\nprintf: missing unicode digit for \\u\n\\u|\\U|\\ux\n", 0);
  t("printf: echo -e says nothing of a bare \\x", "echo -e 'a\\x' 2>&1", "a\\x\n", 0);
  t("printf: a quoted character in the C locale is its first byte", "LC_ALL=C printf '%d %d\\n' \"'é\" \"'a\"; printf '%d\\n' \"'é\"", "195 97\n233\n", 0);
  t("exec of a relative path that cannot run names it from the root", "touch f; (exec ./f) 2>&1 | head -1 | sed \"s|^[^ ]*: line [0-9]*: $PWD|PWD|\"; (exec ./nosuch) 2>&1 | sed \"s|^[^ ]*: line [0-9]*: $PWD|PWD|\"; (exec ./nosuch) 2>/dev/null; echo \"st $?\"", "PWD/f: Permission denied\nPWD/nosuch: No such file or directory\nst 127\n", 0);
  t("unalias with no name: the usage line", "unalias 2>&1; echo \"st $?\"", "unalias: usage: unalias [-a] name [name ...]\nst 2\n", 0);
  t("bind -x with no argument is a usage error", "bind -x 2>/dev/null; echo \"st $?\"; bind -m emacs 2>/dev/null; echo \"st $?\"", "st 2\nst 0\n", 0);
}

{
  const t = section('builtins');
  t("OLDPWD starts declared and exported without a value", "declare -p OLDPWD; echo \"${OLDPWD-unset}\"; export -p | grep -c OLDPWD; env | grep -c OLDPWD", "declare -x OLDPWD\nunset\n1\n0\n", 1);
  t("after a cd OLDPWD is exported to children", "cd /; declare -p OLDPWD | sed \"s|$HOME|H|\"; env | grep OLDPWD | sed \"s|$HOME|H|\"", "declare -x OLDPWD=\"H\"\nOLDPWD=H\n", 0);
  t("cd - at startup: OLDPWD not set", "cd - 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; cd - 2>/dev/null; echo \"st $?\"", "cd: OLDPWD not set\nst 1\n", 0);
  t("printf: 0x as a float is a bad hex number", "printf '%f|%f\\n' 0x 0x.8 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'", "printf: 0x: invalid hex number\n0.000000|0.500000\n", 0);
}

{
  const t = section('command-lookup');
  t("a program under PATH=. is ./name to type and command -v", "printf '#!/bin/sh\\necho ran\\n' > ne; chmod +x ne; PATH=.:$PATH; command -v ne; type ne; type -P ne; command -V ne | sed \"s|$PWD|P|\"", "./ne\nne is ./ne\n./ne\nne is P/ne\n", 0);
  t("a program under a relative PATH entry is dir/name", "mkdir b; printf '#!/bin/sh\\necho ran\\n' > b/ne; chmod +x b/ne; PATH=b:$PATH; command -v ne; type ne; ne; hash | grep ne", "b/ne\nne is b/ne\nran\n   1\tb/ne\n", 0);
  t("a remembered relative path is shown from here", "mkdir b; printf '#!/bin/sh\\necho ran\\n' > b/ne; chmod +x b/ne; PATH=b:$PATH; hash ne; type ne; hash -t ne; command -v ne; hash -l", "ne is hashed (./b/ne)\n./b/ne\n./b/ne\nbuiltin hash -p b/ne ne\n", 0);
  t("a remembered relative path from elsewhere is not found", "printf '#!/bin/sh\\necho ran\\n' > ne; chmod +x ne; PATH=.:/usr/bin:/bin; ne; mkdir sub; cd sub; ne 2>/dev/null; echo \"st $?\"; cd ..; ne; hash | grep ne", "ran\nst 127\nran\n   3\t./ne\n", 0);
  t("a plain file under PATH=. is still named", "touch ne; PATH=.:$PATH; command -v ne; echo \"st $?\"; type -P ne", "./ne\nst 0\n./ne\n", 0);
}

{
  const t = section('declare-misc');
  t("local outside a function: that message whatever the options", "f() { :; }; local -f f 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; local -Z 2>/dev/null; echo \"st $?\"", "local: can only be used in a function\nst 1\n", 0);
  t("declare -g with no names lists as declare does", "declare -g | grep -c '^OPTIND=1$'; f() { :; }; declare -g | grep -c '^f () $'; declare -gp | grep -c '^declare -i OPTIND=\"1\"$'", "1\n1\n1\n", 0);
  t("declare -gx lists the exported variables", "export QQ=1; declare -gx | grep QQ; declare -gi | grep -c OPTIND", "declare -x QQ=\"1\"\n1\n", 0);
}

{
  const t = section('printf-echo');
  t("printf -v with a bad subscript names no builtin", "a=(1); printf -v 'a[-5]' x 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; printf -v 'a[-5]' x 2>/dev/null; echo \"st $?\"", "a[-5]: bad array subscript\nst 1\n", 0);
  t("printf -v into a readonly array element names no builtin", "readonly -a ra=(1); printf -v 'ra[0]' x 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; echo \"${ra[0]}\"", "ra: readonly variable\n1\n", 0);
}

{
  const t = section('command-lookup');
  t("PATH bound for one program empties the hash table", "ls >/dev/null; PATH=/usr/bin:/bin ls >/dev/null; hash; ls >/dev/null; PATH=/x true; hash", "hash: hash table empty\nhash: hash table empty\n", 0);
  t("hash -t wins over -d", "ls >/dev/null; hash -dt ls; hash -t ls", "/usr/bin/ls\n/usr/bin/ls\n", 0);
  t("hash -lt prints hash -p lines", "ls >/dev/null; hash -lt ls cat 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; hash -lt cat 2>/dev/null; echo \"st $?\"", "builtin hash -p /usr/bin/ls ls\nhash: cat: not found\nst 1\n", 0);
  t("hash -p PATH -t NAME looks NAME up only", "hash -p /bin/ls -t x 2>&1 | sed 's/^[^ ]*: line [0-9]*: //'; hash", "hash: x: not found\nhash: hash table empty\n", 0);
}
