// Conformance cases (expectations recorded by running bash 5.2): umask, ulimit, the
// directory stack (pushd/popd/dirs/DIRSTACK), times and logout. Messages are compared by
// sending stderr through sed (the runner compares stdout only), with the "SHELL: line N: "
// prefix cut. ulimit cases only lower limits or raise a hard one (which an unprivileged
// bash is refused, as every aosh stage is), so they do not depend on the machine's.
import { section } from '../conformance-table.js';

/** Cuts bash's (and aosh's) "SHELL: line N: " prefix off stderr lines merged into stdout (the builtin's name stays). */
const MSG = " 2>&1 | sed 's/^[^:]*: line [0-9]*: //'";

// ---------------------------------------------------------------- umask
{
  const t = section('umask');
  t('umask prints four octal digits', 'umask 022; umask', '0022\n');
  t('a file touched under umask 027 is 640', 'umask 027; touch f; stat -c %a f', '640\n');
  t('mkdir under umask 077 is 700', 'umask 077; mkdir d; stat -c %a d', '700\n');
  t('mkdir under umask 022 is 755', 'umask 022; mkdir d; stat -c %a d', '755\n');
  t('a redirection creates its file under the umask', 'umask 027; echo x > f; stat -c %a f', '640\n');
  t('umask 0: a redirection makes 666', 'umask 0; echo x > f; stat -c %a f', '666\n');
  t('>> and exec 3> create under the umask too', 'umask 002; echo x >> f; stat -c %a f; umask 066; exec 3>g; stat -c %a g', '664\n600\n');
  t('a subshell umask does not leak', 'umask 077; (umask 022); umask', '0077\n');
  t('a subshell creates with its own umask', 'umask 077; (umask 022; touch f); stat -c %a f; touch g; stat -c %a g', '644\n600\n');
  t('a pipeline stage umask does not leak', 'umask 022; umask 077 | cat; umask', '0022\n');
  t('a function changes the shell umask', 'f() { umask 002; }; umask 022; f; umask', '0002\n');
  t('commands started afterwards inherit it', 'umask 047; sh -c umask', '0047\n');
  t('command substitution stages inherit it', 'umask 066; x=$(touch f); stat -c %a f', '600\n');
  t('umask -S', 'umask 022; umask -S; umask 077; umask -S', 'u=rwx,g=rx,o=rx\nu=rwx,g=,o=\n');
  t('umask -p and -p -S', 'umask 027; umask -p; umask -p -S', 'umask 0027\numask -S u=rwx,g=rx,o=\n');
  t('umask -S with a mode sets and prints', 'umask -S 077; umask', 'u=rwx,g=,o=\n0077\n');
  t('symbolic u=rwx,g=rx,o=', 'umask u=rwx,g=rx,o=; umask', '0027\n');
  t('symbolic + and - work on the allowed bits', 'umask 027; umask a+w; umask; umask g-w,o-rwx; umask', '0005\n0027\n');
  t('symbolic = without who is all', 'umask 022; umask =rx; umask', '0222\n');
  t('umask 999 is out of range', `umask 022; umask 999${MSG}; umask 999 2>/dev/null; echo "st=$?"; umask`, 'umask: 999: octal number out of range\nst=1\n0022\n');
  t('umask 8 is not octal', `umask 8${MSG}`, 'umask: 8: octal number out of range\n');
  t('a bad symbolic character', `umask 022; umask u=rwz${MSG}; umask u=rwz 2>/dev/null; echo "st=$?"; umask`, "umask: `z': invalid symbolic mode character\nst=1\n0022\n");
  t('a bad symbolic operator', `umask u${MSG}; umask go=u${MSG}`, "umask: `\0': invalid symbolic mode operator\numask: `u': invalid symbolic mode character\n");
  t('umask 01777 keeps the permission bits', 'umask 01777; umask', '0777\n');
  t('an invalid option is a usage error', `umask -x${MSG}; umask -x 2>/dev/null; echo "st=$?"`, 'umask: -x: invalid option\numask: usage: umask [-p] [-S] [mode]\nst=2\n');
  t('umask -- MODE', 'umask -- 037; umask', '0037\n');
}

// ---------------------------------------------------------------- ulimit
{
  const t = section('ulimit');
  t('ulimit -n sets and prints', 'ulimit -n 64; ulimit -n', '64\n');
  t('without -H/-S both limits are set', 'ulimit -n 64; ulimit -Hn; ulimit -Sn', '64\n64\n');
  t('-S lowers only the soft limit', 'ulimit -n 64; ulimit -Sn 32; ulimit -n; ulimit -Hn', '32\n64\n');
  t('commands started afterwards get the limit', 'ulimit -n 48; sh -c "ulimit -n; ulimit -Hn"', '48\n48\n');
  t('a subshell limit does not leak', 'ulimit -n 64; (ulimit -n 32; ulimit -n; sh -c "ulimit -n"); ulimit -n', '32\n32\n64\n');
  t('ulimit alone is -f', 'ulimit -f 100; ulimit; ulimit -f', '100\n100\n');
  t('ulimit N is ulimit -f N', 'ulimit 50; ulimit -f', '50\n');
  t('-f is in 1024-byte blocks for the commands', 'ulimit -f 1; sh -c "head -c 4096 /dev/zero > f"; echo "st=$?"; stat -c %s f', 'st=153\n1024\n');
  t('-c, -t, -v, -s lowered', 'ulimit -c 0; ulimit -c; ulimit -t 5; sh -c "ulimit -t"; ulimit -v 1000000; ulimit -v; ulimit -s 4096; ulimit -s', '0\n5\n1000000\n4096\n');
  t('-u lowered reaches commands', 'ulimit -u 500; ulimit -u; grep "^Max processes" /proc/self/limits | tr -s " "', '500\nMax processes 500 500 processes \n');
  t('several limits print with descriptions', 'ulimit -n 64 -f 20; ulimit -n -f', 'open files                          (-n) 64\nfile size                   (blocks, -f) 20\n');
  t('ulimit -a has the reference layout', 'ulimit -n 64 -t 9; ulimit -a | grep -E "^(open files|cpu time|pipe size)"; ulimit -a | wc -l', 'open files                          (-n) 64\npipe size                (512 bytes, -p) 8\ncpu time                   (seconds, -t) 9\n17\n');
  t('ulimit -a -H shows hard limits', 'ulimit -n 80; ulimit -Sn 40; ulimit -aH | grep "^open"; ulimit -a | grep "^open"', 'open files                          (-n) 80\nopen files                          (-n) 40\n');
  t('raising the hard limit is refused', `ulimit -n 64; ulimit -n 128${MSG}; ulimit -n 128 2>/dev/null; echo "st=$?"; ulimit -n`, 'ulimit: open files: cannot modify limit: Operation not permitted\nst=1\n64\n');
  t('unlimited above a hard limit is refused', `ulimit -n 64; ulimit -n unlimited${MSG}`, 'ulimit: open files: cannot modify limit: Operation not permitted\n');
  t('a soft limit above the hard one is invalid', `ulimit -n 64; ulimit -Sn 100${MSG}; ulimit -Hn 32${MSG}; ulimit -n`, 'ulimit: open files: cannot modify limit: Invalid argument\nulimit: open files: cannot modify limit: Invalid argument\n64\n');
  t('hard and soft as values', 'ulimit -n 64; ulimit -Sn 32; ulimit -Sn hard; ulimit -n; ulimit -Sn 16; ulimit -Hn soft; ulimit -Hn', '64\n16\n');
  t('an invalid number', `ulimit -n abc${MSG}; ulimit -n abc 2>/dev/null; echo "st=$?"`, 'ulimit: abc: invalid number\nst=1\n');
  t('an invalid option', `ulimit -z${MSG}; ulimit -z 2>/dev/null; echo "st=$?"`, 'ulimit: -z: invalid option\nulimit: usage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\nst=2\n');
  t('the pipe size cannot be set', `ulimit -p; ulimit -p 3${MSG}`, '8\nulimit: pipe size: cannot modify limit: Invalid argument\n');
  t('a failed setting keeps the old value', 'ulimit -c 1 -n >/dev/null; ulimit -c; ulimit -Hc 0 2>/dev/null; echo "st=$?"; ulimit -Hc', '1\nst=1\n1\n');
}

// ---------------------------------------------------------------- dirstack
{
  const t = section('dirstack');
  t('cd -P resolves links, -L takes .. lexically, set -P makes it the default', 'mkdir -p real; ln -s real lnk; cd lnk; cd -P ../lnk; echo "${PWD##*/}"; cd -L ../lnk; echo "${PWD##*/}"; set -P; cd ../lnk; echo "${PWD##*/}"', 'real\nlnk\nreal\n');
  t('pushd prints the stack with ~', 'mkdir a b; pushd a; pushd ../b; dirs', '~/a ~\n~/b ~/a ~\n~/b ~/a ~\n');
  t('pushd changes directory like cd', 'mkdir a; pushd a >/dev/null; pwd | sed "s#$HOME#H#"; echo "$PWD $OLDPWD" | sed "s#$HOME#H#g"', 'H/a\nH/a H\n');
  t('dirs -v and -p', 'mkdir a b; pushd a >/dev/null; pushd ../b >/dev/null; dirs -v; dirs -p', ' 0  ~/b\n 1  ~/a\n 2  ~\n~/b\n~/a\n~\n');
  t('dirs -l shows full paths', 'mkdir a; pushd a >/dev/null; dirs -l | sed "s#$HOME#H#g"', 'H/a H\n');
  t('dirs +N and -N', 'mkdir a b; pushd a >/dev/null; pushd ../b >/dev/null; dirs +0; dirs +1; dirs -0; dirs -1; dirs -v +2', '~/b\n~/a\n~\n~/a\n 2  ~\n');
  t('dirs index out of range', `mkdir a; pushd a >/dev/null; dirs +5${MSG}; dirs +5 2>/dev/null; echo "st=$?"`, 'dirs: 5: directory stack index out of range\nst=1\n');
  t('DIRSTACK holds the stack', 'mkdir a b; pushd a >/dev/null; pushd ../b >/dev/null; echo "${#DIRSTACK[@]}"; echo "${DIRSTACK[@]}" | sed "s#$HOME#H#g"', '3\nH/b H/a H\n');
  t('popd goes back and prints', 'mkdir a b; pushd a >/dev/null; pushd ../b >/dev/null; popd; pwd | sed "s#$HOME#H#"; popd; dirs', '~/a ~\nH/a\n~\n~\n');
  t('popd on an empty stack', `popd${MSG}; popd 2>/dev/null; echo "st=$?"`, 'popd: directory stack empty\nst=1\n');
  t('pushd with no other directory', `pushd${MSG}; pushd 2>/dev/null; echo "st=$?"`, 'pushd: no other directory\nst=1\n');
  t('pushd with no argument swaps the top two', 'mkdir a b; pushd a >/dev/null; pushd ../b >/dev/null; pushd; pwd | sed "s#$HOME#H#"', '~/a ~/b ~\nH/a\n');
  t('pushd +N and -N rotate', 'mkdir a b c; pushd a >/dev/null; pushd ../b >/dev/null; pushd ../c >/dev/null; pushd +1; pushd -0; pushd +2 >/dev/null; pwd | sed "s#$HOME#H#"', '~/b ~/a ~ ~/c\n~/c ~/b ~/a ~\nH/a\n');
  t('popd +N and -N remove an entry', 'mkdir a b c; pushd a >/dev/null; pushd ../b >/dev/null; pushd ../c >/dev/null; popd +1; popd -0; pwd | sed "s#$HOME#H#"', '~/c ~/a ~\n~/c ~/a\nH/c\n');
  t('pushd -n and popd -n only change the stack', 'mkdir a; pushd -n /x; pwd | sed "s#$HOME#H#"; pushd -n a; popd -n; dirs', '~ /x\nH\n~ a /x\n~ /x\n~ /x\n');
  t('dirs -c clears the stack', 'mkdir a; pushd a >/dev/null; dirs -c; dirs; echo "${#DIRSTACK[@]}"', '~/a\n1\n');
  t('a subshell stack does not leak', 'mkdir a; (pushd a >/dev/null; dirs); dirs', '~/a ~\n~\n');
  t('pushd to a missing directory', `pushd nope${MSG}; pushd nope 2>/dev/null; echo "st=$?"; dirs`, 'pushd: nope: No such file or directory\nst=1\n~\n');
  t('pushd too many arguments', `mkdir a b; pushd a b${MSG}; dirs`, 'pushd: too many arguments\n~\n');
  t('cd replaces the top of the stack', 'mkdir a b; pushd a >/dev/null; cd ../b; dirs', '~/b ~\n');
  t('invalid options and numbers', `dirs -x${MSG}; pushd -x${MSG}; popd x${MSG}; pushd +y${MSG} | head -1; dirs -x 2>/dev/null; echo "st=$?"`, 'dirs: -x: invalid number\ndirs: usage: dirs [-clpv] [+N] [-N]\npushd: -x: invalid number\npushd: usage: pushd [-n] [+N | -N | dir]\npopd: x: invalid argument\npopd: usage: popd [-n] [+N | -N]\npushd: +y: invalid number\nst=2\n');
  t('pushd index out of range', `mkdir a; pushd a >/dev/null; pushd +3${MSG}; popd +3${MSG}; dirs -c; pushd +1${MSG}`, 'pushd: +3: directory stack index out of range\npopd: +3: directory stack index out of range\npushd: directory stack empty\n');
  t('assigning DIRSTACK[i] replaces an entry', 'mkdir a b; pushd a >/dev/null; pushd ../b >/dev/null; DIRSTACK[1]=/x; DIRSTACK[0]=/y; DIRSTACK[5]=/z; dirs; pwd | sed "s#$HOME#H#"', '~/b /x ~\nH/b\n');
  t('DIRSTACK[i]+= appends; a local DIRSTACK is plain', 'mkdir a; pushd a >/dev/null; DIRSTACK[1]+=/s; dirs; f() { local DIRSTACK; DIRSTACK[1]=/loc; echo "[${DIRSTACK[@]}]"; }; f; dirs', '~/a ~/s\n[/loc]\n~/a ~/s\n');
  t('HOME of / is never abbreviated', 'HOME=/; cd /; pushd /tmp >/dev/null; dirs', '/tmp /\n');
}

// ---------------------------------------------------------------- times-logout
{
  const t = section('times-logout');
  t('times prints two lines of user and system time', "times | grep -cE '^[0-9]+m[0-9]+\\.[0-9]{3}s [0-9]+m[0-9]+\\.[0-9]{3}s$'", '2\n');
  t('times status', 'times >/dev/null; echo "st=$?"; times foo >/dev/null; echo "st=$?"', 'st=0\nst=0\n');
  t('times -x is a usage error', `times -x${MSG}; times -x 2>/dev/null; echo "st=$?"`, 'times: -x: invalid option\ntimes: usage: times\nst=2\n');
  t('logout in a non-login shell', `logout${MSG}; logout 2>/dev/null; echo "st=$?"; logout 3 2>/dev/null; echo "st=$?"`, "logout: not login shell: use `exit'\nst=1\nst=1\n");
  t('the new builtins are builtins', 'type -t umask ulimit pushd popd dirs times logout | sort -u', 'builtin\n');
}
